package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.operator.Principal;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.app.cli.CliRun;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.contracts.device.RevocationReason;
import java.io.ByteArrayInputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One gateway started from a folder made by {@code init} (start about 5 s), probed over real sockets. */
class GatewayApplicationIT {
    private static final int SUCCESS = 0x00;
    private static final int BANNED = 0x8A;

    @TempDir
    static Path folder;
    static Path gateway;
    static RunningGateway running;

    @BeforeAll
    static void given_a_running_gateway() throws Exception {
        gateway = folder.resolve("gw");
        running = RunningGateway.startIn(gateway);
    }

    @AfterAll
    static void stop_the_gateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void health_is_200_with_every_check_up() throws Exception {
        HttpURLConnection http = (HttpURLConnection) URI.create("http://127.0.0.1:" + running.application().httpPort() + "/health")
                .toURL().openConnection();
        try {
            assertThat(http.getResponseCode()).isEqualTo(200);
            String body = new String(http.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(body).contains("\"registry\":\"UP\"", "\"mqtt\":\"UP\"", "\"crl\":\"UP\"", "\"challengePurge\":\"UP\"",
                    "\"refusalSummaries\":\"UP\"", "\"caCertificate\":\"UP\"");
        } finally {
            http.disconnect();
        }
    }

    @Test
    void the_broker_presents_a_server_certificate_from_the_gateway_ca() throws Exception {
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.empty())) {
            X509Certificate server = (X509Certificate) socket.getSession().getPeerCertificates()[0];

            server.verify(running.gatewayCa().getPublicKey());
            assertThat(server.getExtendedKeyUsage()).contains("1.3.6.1.5.5.7.3.1");
        }
    }

    @Test
    void start_writes_a_crl_signed_by_the_gateway_ca_to_the_data_folder() throws Exception {
        byte[] der = Files.readAllBytes(gateway.resolve("data").resolve("crl.der"));

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));

        crl.verify(running.gatewayCa().getPublicKey());
    }

    @Test
    void the_ca_chain_is_retained_on_its_topic_as_pkcs7() throws Exception {
        byte[] payload = retainedOn("reader-certs", "prov/v1/ca/certs");

        java.security.cert.CertPath chain = CertificateFactory.getInstance("X.509")
                .generateCertPath(new ByteArrayInputStream(payload), "PKCS7");

        // SignedData holds its certificates as a SET, so only membership is part of the contract.
        List<java.security.cert.Certificate> certificates = List.copyOf(chain.getCertificates());
        assertThat(certificates).hasSize(2).contains(running.gatewayCa());
    }

    @Test
    void the_crl_is_retained_on_its_topic() throws Exception {
        byte[] payload = retainedOn("reader-crl", "prov/v1/ca/crl");

        X509CRL crl = (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(payload));

        crl.verify(running.gatewayCa().getPublicKey());
    }

    @Test
    void a_device_with_a_recorded_certificate_is_accepted_at_connect() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-ok");

        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(SUCCESS);
        }
    }

    @Test
    void a_revoked_device_is_refused_at_its_next_connect() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-revoked");
        running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), device.id(), RevocationReason.KEY_COMPROMISE);

        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(BANNED);
        }
    }

    @Test
    void a_connected_device_is_cut_off_when_it_is_revoked() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-cut");
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(SUCCESS);

            running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), device.id(), RevocationReason.KEY_COMPROMISE);

            assertThat(RawMqtt.next(socket)).as("DISCONNECT packet or closed connection").isIn(RawMqtt.DISCONNECT, RawMqtt.CLOSED);
        }
    }

    @Test
    void a_device_revoked_from_the_command_line_beside_the_running_gateway_is_cut_off() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-cli-cut");
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(SUCCESS);

            CliRun.Outcome revoked = CliRun.run("revoke", "--config", gateway.resolve("gateway.yaml").toString(),
                    "--device", device.id(), "--reason", "keyCompromise");

            assertThat(revoked.exit()).as(revoked.all()).isZero();
            // the gateway looks for revocations written elsewhere every 5 s; the read timeout is 10 s
            assertThat(RawMqtt.next(socket)).as("DISCONNECT packet or closed connection").isIn(RawMqtt.DISCONNECT, RawMqtt.CLOSED);
        }
    }

    @Test
    void a_certificate_the_registry_never_recorded_is_refused_at_connect() throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), "dev-unrecorded");

        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(device))) {
            assertThat(RawMqtt.connect(socket, device.id())).isEqualTo(BANNED);
        }
    }

    /** What a device without a certificate reads first on a CA topic (it may subscribe to prov/v1/ca/#). */
    private static byte[] retainedOn(String clientId, String topic) throws Exception {
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.empty())) {
            assertThat(RawMqtt.connect(socket, clientId)).isEqualTo(SUCCESS);
            return RawMqtt.firstMessageOn(socket, topic);
        }
    }

    private static GivenGateway.Device givenRecordedDevice(String id) throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), id);
        GivenGateway.recordIn(running.application().registry(), device);
        return device;
    }
}
