package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.observability.Scrape;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import java.net.URI;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLSocket;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an attacker on the device network tried against a running gateway with the embedded broker (issue
 * 10, findings 1, 2, 5 and 6), each refused now: squatting a device's client id, inheriting a device's
 * persistent session without its certificate, holding thousands of certificate-less connections, and
 * TLS refusals nobody could see.
 */
class DeviceNetworkAttacksIT {
    private static final int SUCCESS = 0x00;
    private static final int QUOTA_EXCEEDED = 0x97;
    private static final int CAP_PER_SOURCE = 4;

    @TempDir
    static Path folder;
    private static RunningGateway running;

    @BeforeAll
    static void start_a_gateway_with_a_small_cap_on_certificate_less_connections() throws Exception {
        running = RunningGateway.startIn(folder.resolve("gw"), config -> new GatewayConfig(config.gatewayId(),
                config.dataDir(), config.fleet(), config.caKey(), config.certificates(), config.enrollment(), config.mqtt(),
                config.http(), new GatewayConfig.RateLimits(config.rateLimits().perDevicePerMinute(),
                        config.rateLimits().perSourcePerMinute(), CAP_PER_SOURCE, 100)));
    }

    @AfterAll
    static void stop_the_gateway() {
        running.close();
    }

    @Test
    void a_client_squatting_a_device_id_without_a_certificate_cannot_keep_the_device_from_attesting() throws Exception {
        try (SSLSocket squatter = unenrolled(); SSLSocket device = unenrolled()) {
            assertThat(RawMqtt.connect(squatter, "squatted-1")).isEqualTo(SUCCESS);

            assertThat(RawMqtt.connect(device, "squatted-1")).as("the device's own certificate-less connect").isEqualTo(SUCCESS);
            String begin = DeviceTopics.enrollBegin(new DeviceId("squatted-1"));
            assertThat(RawMqtt.subscribe(device, DeviceTopics.rejected(begin), 1)).as("it can run attestation").isZero();
            assertThat(RawMqtt.next(squatter)).as("the squatter is taken over").isIn(RawMqtt.DISCONNECT, RawMqtt.CLOSED);
        }
    }

    @Test
    void a_client_without_a_certificate_still_cannot_take_over_a_device_connected_with_its_certificate() throws Exception {
        GivenGateway.Device device = recorded("held-1");
        try (SSLSocket holder = RawMqtt.handshake(address(), running.gatewayCa(), Optional.of(device));
                SSLSocket intruder = unenrolled()) {
            assertThat(RawMqtt.connect(holder, device.id())).isEqualTo(SUCCESS);

            assertThat(RawMqtt.connect(intruder, device.id())).isNotEqualTo(SUCCESS);
        }
    }

    @Test
    void a_client_without_a_certificate_does_not_inherit_the_session_a_device_left_behind() throws Exception {
        GivenGateway.Device device = recorded("sessioned-1");
        String notice = DeviceTopics.notice(new DeviceId(device.id()));
        try (SSLSocket socket = RawMqtt.handshake(address(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id(), false, 3600).reasonCode()).isEqualTo(SUCCESS);
            assertThat(RawMqtt.subscribeAtLeastOnce(socket, notice, 1)).isEqualTo(1);
            RawMqtt.disconnect(socket);
        }
        // The revocation notice now waits in the device's session.
        running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), device.id(),
                RevocationReason.KEY_COMPROMISE);

        try (SSLSocket intruder = unenrolled()) {
            intruder.setSoTimeout(1500);
            RawMqtt.Connack connack = RawMqtt.connect(intruder, device.id(), false, 3600);

            assertThat(connack.reasonCode()).isEqualTo(SUCCESS);
            assertThat(connack.sessionPresent()).as("the device's session is not handed to a client without its certificate")
                    .isFalse();
            assertThat(RawMqtt.next(intruder)).as("nothing of the device's session is delivered").isEqualTo(RawMqtt.TIMED_OUT);
        }
    }

    @Test
    void certificate_less_connections_from_one_source_are_capped_and_a_closed_one_frees_its_place() throws Exception {
        List<SSLSocket> held = new ArrayList<>();
        try {
            double refusedBefore = attempts("connect_unenrolled_connections_exceeded");
            for (int i = 0; i < CAP_PER_SOURCE; i++) {
                SSLSocket socket = unenrolled();
                held.add(socket);
                assertThat(RawMqtt.connect(socket, "crowd-" + i)).as("connection %d", i).isEqualTo(SUCCESS);
            }
            try (SSLSocket beyond = unenrolled()) {
                assertThat(RawMqtt.connect(beyond, "crowd-extra")).isEqualTo(QUOTA_EXCEEDED);
            }
            assertThat(attempts("connect_unenrolled_connections_exceeded")).isEqualTo(refusedBefore + 1);
            GivenGateway.Device device = recorded("certified-in-crowd");
            try (SSLSocket certified = RawMqtt.handshake(address(), running.gatewayCa(), Optional.of(device))) {
                assertThat(RawMqtt.connect(certified, device.id())).as("a device with its certificate is not capped")
                        .isEqualTo(SUCCESS);
            }

            held.remove(0).close();
            awaitTrue(() -> connects("crowd-again"), Duration.ofSeconds(10));
        } finally {
            for (SSLSocket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void a_handshake_refused_for_an_untrusted_client_certificate_is_counted() throws Exception {
        double before = attempts("tls_certificate_untrusted");
        KeyPair foreign = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), new SecureRandom());
        GivenGateway.Device stranger = new GivenGateway.Device("stranger-1", foreign.getPrivate(),
                List.of(selfSigned(foreign)));

        assertThatThrownBy(() -> RawMqtt.connect(RawMqtt.handshakePresenting(address(), running.gatewayCa(),
                stranger.key(), stranger.chain()), stranger.id())).isInstanceOf(Exception.class);

        awaitTrue(() -> attempts("tls_certificate_untrusted") == before + 1, Duration.ofSeconds(10));
    }

    @Test
    void a_handshake_refused_for_an_expired_client_certificate_is_counted() throws Exception {
        double before = attempts("tls_certificate_expired");
        GivenGateway.Device expired = expiredDevice("expired-1");

        assertThatThrownBy(() -> RawMqtt.connect(RawMqtt.handshakePresenting(address(), running.gatewayCa(),
                expired.key(), expired.chain()), expired.id())).isInstanceOf(Exception.class);

        awaitTrue(() -> attempts("tls_certificate_expired") == before + 1, Duration.ofSeconds(10));
    }

    private static boolean connects(String clientId) {
        try (SSLSocket socket = unenrolled()) {
            return RawMqtt.connect(socket, clientId) == SUCCESS;
        } catch (Exception e) {
            return false;
        }
    }

    private static SSLSocket unenrolled() throws Exception {
        return RawMqtt.handshake(address(), running.gatewayCa(), Optional.empty());
    }

    private static java.net.InetSocketAddress address() {
        return running.application().mqttAddress();
    }

    private static GivenGateway.Device recorded(String id) throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), id);
        GivenGateway.recordIn(running.application().registry(), device);
        return device;
    }

    /** A device certificate from the gateway CA whose validity ended an hour ago. */
    private static GivenGateway.Device expiredDevice(String id) throws Exception {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofHours(2)), ZoneOffset.UTC);
        CertificateAuthority ca = CertificateAuthority.builder().keyStore(running.caStore())
                .profile(DeviceCertificateProfile.defaults(new FleetNaming(GivenGateway.ORG, GivenGateway.TRUST_DOMAIN),
                        URI.create("http://gw1.fleet.acme.test/crl")))
                .clock(past).build();
        KeyPair key = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), new SecureRandom());
        X509Certificate leaf = ca.issue(new IssuanceRequest(id, key.getPublic(), Optional.of(Duration.ofHours(1)))).toX509();
        List<X509Certificate> chain = new ArrayList<>(List.of(leaf));
        chain.addAll(running.caStore().certificateChain());
        return new GivenGateway.Device(id, key.getPrivate(), chain);
    }

    private static X509Certificate selfSigned(KeyPair key) throws Exception {
        org.bouncycastle.asn1.x500.X500Name name = new org.bouncycastle.asn1.x500.X500Name("CN=stranger-1");
        Instant now = Instant.now();
        return new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.valueOf(now.toEpochMilli()),
                        java.util.Date.from(now.minusSeconds(60)), java.util.Date.from(now.plusSeconds(3600)), name,
                        key.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("SHA256withECDSA")
                                .build(key.getPrivate())));
    }

    private static double attempts(String kind) {
        return Scrape.of(running.application().metrics().scrape())
                .unauthorized(kind);
    }

    /** Polls {@code condition} until it holds, failing after {@code timeout}. */
    private static void awaitTrue(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within %s", timeout).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
        }
    }
}
