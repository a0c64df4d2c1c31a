package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.pki.Certificates;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tried as an attacker would (issue 9): a device sends renewals back to back while an operator revokes
 * it. Before the registry's domain commands, 20 to 33 new certificates escaped the revocation in three
 * tries out of three. Now an issuance commits only if the device is not revoked at commit time, and a
 * revocation covers every certificate committed before it: afterwards nothing the device holds is usable.
 */
class RenewalRevocationRaceIT {
    private static final int CONNACK_SUCCESS = 0x00;
    private static final int RENEWALS = 200;
    private static final JsonDeviceCodec JSON = new JsonDeviceCodec();

    @TempDir
    Path folder;

    @Test
    void renewals_racing_a_revocation_leave_no_certificate_of_the_device_usable() throws Exception {
        try (RunningGateway running = RunningGateway.startIn(folder, RenewalRevocationRaceIT::limitsLifted)) {
            for (int round = 1; round <= 3; round++) {
                GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), "racer-" + round);
                GivenGateway.recordIn(running.application().registry(), device);

                List<X509Certificate> issued = whenRenewingBackToBackWhileRevoked(running, device);

                thenNothingTheDeviceHoldsIsUsable(running, device, issued);
            }
        }
    }

    private static List<X509Certificate> whenRenewingBackToBackWhileRevoked(RunningGateway running,
            GivenGateway.Device device) throws Exception {
        List<X509Certificate> issued = new CopyOnWriteArrayList<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch someRenewed = new CountDownLatch(3);
        String renew = DeviceTopics.renew(new DeviceId(device.id()));
        byte[] request = JSON.encode(new RenewRequest(new ClientToken("race"), csr(device), Optional.empty()));
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(),
                Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(CONNACK_SUCCESS);
            RawMqtt.subscribe(socket, DeviceTopics.accepted(renew), 1);
            RawMqtt.subscribe(socket, DeviceTopics.rejected(renew), 2);
            CompletableFuture<Void> replies = CompletableFuture.runAsync(() -> {
                try {
                    while (issued.size() + refused.get() < RENEWALS) {
                        RawMqtt.Message reply = RawMqtt.nextPublish(socket);
                        if (reply.topic().equals(DeviceTopics.accepted(renew))) {
                            issued.add(Certificates.fromDer(JSON.decodeCredentialBundle(reply.payload()).decoded()
                                    .map(CredentialBundle::certificate).orElseThrow()));
                            someRenewed.countDown();
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                } catch (Exception cutOff) {
                    // The gateway cut the revoked device off: the replies end here.
                }
            });
            CompletableFuture<Void> requests = CompletableFuture.runAsync(() -> {
                try {
                    for (int i = 0; i < RENEWALS; i++) {
                        RawMqtt.publishAtMostOnce(socket, renew, request);
                    }
                } catch (Exception cutOff) {
                    // Cut off mid-burst.
                }
            });
            assertThat(someRenewed.await(30, TimeUnit.SECONDS)).as("renewals were answered before the revocation").isTrue();
            running.application().revocation().revokeDevice(new Principal.LocalAdministrator("race"), device.id(),
                    RevocationReason.KEY_COMPROMISE);
            requests.get(60, TimeUnit.SECONDS);
            replies.get(60, TimeUnit.SECONDS);
        }
        return new ArrayList<>(issued);
    }

    private static void thenNothingTheDeviceHoldsIsUsable(RunningGateway running, GivenGateway.Device device,
            List<X509Certificate> issued) throws Exception {
        Instant now = Instant.now();
        List<CertificateRecord> onRecord = running.application().registry().certificates().findByDevice(device.id());
        assertThat(onRecord).as("certificates on record for %s", device.id()).hasSizeGreaterThan(1)
                .noneMatch(certificate -> !certificate.isRevoked() && certificate.notAfter().isAfter(now));
        assertThat(running.application().registry().devices().find(device.id()).orElseThrow().state())
                .isEqualTo(DeviceState.REVOKED);
        List<X509Certificate> held = new ArrayList<>(issued);
        held.add(device.chain().get(0));
        for (X509Certificate certificate : held) {
            assertThat(onRecord).extracting(CertificateRecord::serialHex)
                    .contains(certificate.getSerialNumber().toString(16));
            List<X509Certificate> chain = new ArrayList<>(device.chain());
            chain.set(0, certificate);
            GivenGateway.Device holder = new GivenGateway.Device(device.id(), device.key(), chain);
            assertThat(reconnect(running, holder)).as("reconnect with %s", holder).isNotEqualTo(CONNACK_SUCCESS);
        }
    }

    /** The CONNACK reason code of a new connection with this certificate; a refused handshake counts as refused. */
    private static int reconnect(RunningGateway running, GivenGateway.Device holder) {
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(),
                Optional.of(holder))) {
            return RawMqtt.connect(socket, holder.id());
        } catch (Exception refusedHandshake) {
            return -1;
        }
    }

    private static byte[] csr(GivenGateway.Device device) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=" + device.id()),
                device.chain().get(0).getPublicKey())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(device.key())).getEncoded();
    }

    private static GatewayConfig limitsLifted(GatewayConfig config) {
        GatewayConfig.Certificates certificates = config.certificates();
        return new GatewayConfig(config.gatewayId(), config.dataDir(), config.fleet(), config.caKey(),
                new GatewayConfig.Certificates(certificates.lifetime(), certificates.allowedKeys(), certificates.crlUrls(), 0,
                        certificates.reattestAfter()),
                config.enrollment(), config.mqtt(), config.http(), new GatewayConfig.RateLimits(100_000, 10_000_000));
    }
}
