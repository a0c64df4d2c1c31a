package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.admin.AdminCodec;
import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminData;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminRole;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.cli.CliRun;
import io.edgeprov.gateway.app.cli.GivenGateway;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin plane against a real gateway: embedded HiveMQ, real TLS, operator certificates issued by
 * {@code operator add --issue} into password-protected PKCS#12 files, the way a person gets one.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AdminPlaneIT {
    private static final int MQTT_PUBACK_NOT_AUTHORIZED = 0x87;
    private static final int MQTT_SUBACK_NOT_AUTHORIZED = 0x87;
    private static final int CONNACK_BANNED = 0x8A;
    private static final String PASSWORD = "correct horse battery staple";

    private final AdminCodec codec = new AdminCodec();
    private final List<RawMqtt.Message> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private Path folder;
    private RunningGateway gateway;
    private Path passwordFile;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        folder = dir.resolve("gw");
        gateway = RunningGateway.startIn(folder);
        passwordFile = Files.writeString(dir.resolve("p12.pass"), PASSWORD + "\n");
        for (String[] person : new String[][] {{"tina", "technician"}, {"olga", "operator"}, {"dora", "auditor"}}) {
            CliRun.Outcome added = CliRun.run("operator", "add", "--config", folder.resolve("gateway.yaml").toString(),
                    "--name", person[0], "--role", person[1], "--issue", folder.resolve(person[0] + ".p12").toString(),
                    "--password-file", passwordFile.toString());
            assertThat(added.exit()).as(added.all()).isZero();
            assertThat(added.all()).contains("op@" + person[0]).doesNotContain(PASSWORD);
        }
    }

    @AfterAll
    void stop() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void an_issued_pkcs12_is_owner_only_and_opens_only_with_its_password() throws Exception {
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(folder.resolve("tina.p12"))))
                .isEqualTo("rw-------");
        assertThatThrownBy(() -> load("tina", "wrong password".toCharArray())).isInstanceOf(java.io.IOException.class);
    }

    @Test
    void an_operator_connects_with_its_certificate_and_is_served_as_its_role() throws Exception {
        try (SSLSocket tina = connect("tina")) {
            AdminReply.WhoAmIReply me = (AdminReply.WhoAmIReply) request(tina, "tina", new AdminRequest.WhoAmI("w-1"));
            assertThat(me.role()).isEqualTo(AdminRole.TECHNICIAN);
            AdminReply.FleetPageReply page = (AdminReply.FleetPageReply) request(tina, "tina", new AdminRequest.FleetPage("f-1",
                    AdminData.FleetFilter.all(), AdminData.FleetSort.DEVICE_ID, false, null, 100));
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(100);

            Object revoke = request(tina, "tina", new AdminRequest.Revoke("r-1", AdminData.RevocationTarget.device("SN-1"),
                    RevocationReason.KEY_COMPROMISE, null, 1));
            assertThat(revoke).isInstanceOfSatisfying(AdminRejection.class,
                    r -> assertThat(r.code()).isEqualTo(AdminErrorCode.NOT_PERMITTED));
        }
    }

    @Test
    void an_operator_cannot_publish_or_subscribe_on_another_operators_topics() throws Exception {
        try (SSLSocket tina = connect("tina")) {
            byte[] revoke = codec.encode(new AdminRequest.RevocationPreview("x", AdminData.RevocationTarget.lot("L-1")));

            assertThat(RawMqtt.publish(tina, AdminTopics.request("olga", AdminCommand.REVOCATION_PREVIEW), revoke, 7))
                    .isEqualTo(MQTT_PUBACK_NOT_AUTHORIZED);
            assertThat(RawMqtt.subscribe(tina, AdminTopics.operatorFilter("olga"), 8)).isEqualTo(MQTT_SUBACK_NOT_AUTHORIZED);
            assertThat(RawMqtt.subscribe(tina, "admin/#", 9)).isEqualTo(MQTT_SUBACK_NOT_AUTHORIZED);
            assertThat(RawMqtt.subscribe(tina, "prov/v1/+/notice", 10)).isEqualTo(MQTT_SUBACK_NOT_AUTHORIZED);
        }
    }

    @Test
    void a_certificate_cannot_connect_as_another_operator() throws Exception {
        Credential tina = load("tina", PASSWORD.toCharArray());
        try (SSLSocket socket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(), tina.key(),
                tina.chain())) {
            assertThat(RawMqtt.connect(socket, AdminTopics.clientId("olga"))).isNotZero();
        }
    }

    @Test
    void a_device_certificate_never_reaches_the_admin_plane() throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(gateway.caStore(), "SN-77");
        GivenGateway.recordIn(gateway.application().registry(), device);
        try (SSLSocket socket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(),
                device.key(), device.chain())) {
            assertThat(RawMqtt.connect(socket, "SN-77")).isZero();
            assertThat(RawMqtt.subscribe(socket, "admin/v1/tina/#", 1)).isEqualTo(MQTT_SUBACK_NOT_AUTHORIZED);
            assertThat(RawMqtt.publish(socket, AdminTopics.request("tina", AdminCommand.WHOAMI),
                    codec.encode(new AdminRequest.WhoAmI("w")), 2)).isEqualTo(MQTT_PUBACK_NOT_AUTHORIZED);
        }
        try (SSLSocket socket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(),
                device.key(), device.chain())) {
            assertThat(RawMqtt.connect(socket, AdminTopics.clientId("tina"))).isNotZero();
        }
    }

    @Test
    void a_disabled_operator_is_banned_at_connect() throws Exception {
        CliRun.Outcome disabled = CliRun.run("operator", "disable", "--config", folder.resolve("gateway.yaml").toString(),
                "--name", "dora");
        assertThat(disabled.exit()).as(disabled.all()).isZero();
        Credential dora = load("dora", PASSWORD.toCharArray());
        try (SSLSocket socket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(),
                dora.key(), dora.chain())) {
            assertThat(RawMqtt.connect(socket, AdminTopics.clientId("dora"))).isEqualTo(CONNACK_BANNED);
        }
    }

    @Test
    void an_operator_previews_and_revokes_a_device_which_is_cut_off_and_the_console_hears_of_it() throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(gateway.caStore(), "SN-900");
        GivenGateway.recordIn(gateway.application().registry(), device);
        try (SSLSocket olga = connect("olga");
                SSLSocket deviceSocket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(),
                        device.key(), device.chain())) {
            assertThat(RawMqtt.connect(deviceSocket, "SN-900")).isZero();
            assertThat(RawMqtt.subscribe(olga, AdminTopics.events("olga"), 102)).isZero();
            AdminReply.FleetPageReply found = (AdminReply.FleetPageReply) request(olga, "olga", new AdminRequest.FleetPage(
                    "f-9", new AdminData.FleetFilter("SN-900", List.of()), AdminData.FleetSort.DEVICE_ID, false, null, 10));
            assertThat(found.rows()).extracting(AdminData.DeviceRow::deviceId).containsExactly("SN-900");

            AdminReply.RevocationPreviewReply preview = (AdminReply.RevocationPreviewReply) request(olga, "olga",
                    new AdminRequest.RevocationPreview("p-9", AdminData.RevocationTarget.device("SN-900")));
            assertThat(preview.devices()).isEqualTo(1);
            assertThat(preview.certificates()).isEqualTo(1);
            AdminReply.RevokeReply revoked = (AdminReply.RevokeReply) request(olga, "olga", new AdminRequest.Revoke("r-9",
                    AdminData.RevocationTarget.device("SN-900"), RevocationReason.KEY_COMPROMISE, "IT", preview.devices()));

            assertThat(revoked.devices()).isEqualTo(1);
            assertThat(revoked.certificates()).isEqualTo(1);
            assertThatThrownBy(() -> {
                while (true) {
                    RawMqtt.nextPublish(deviceSocket);
                }
            }).as("the revoked device is disconnected").isInstanceOf(java.io.IOException.class);
            boolean heard = events.stream().anyMatch(event -> codec.decodeEvent(event.payload()).decoded()
                    .filter(e -> e instanceof io.edgeprov.contracts.admin.AdminEvent.DevicesChanged changed
                            && changed.deviceIds().contains("SN-900")).isPresent());
            while (!heard) {
                RawMqtt.Message event = RawMqtt.nextPublish(olga);
                if (event.topic().equals(AdminTopics.events("olga"))) {
                    heard = codec.decodeEvent(event.payload()).decoded()
                            .filter(e -> e instanceof io.edgeprov.contracts.admin.AdminEvent.DevicesChanged changed
                                    && changed.deviceIds().contains("SN-900"))
                            .isPresent();
                }
            }
            assertThat(gateway.application().registry().auditLog().entriesFrom(1, 100_000)).anySatisfy(e -> {
                assertThat(e.event().actor()).isEqualTo("operator:olga");
                assertThat(e.event().target()).contains("SN-900");
            });
        }
    }

    private record Credential(PrivateKey key, List<X509Certificate> chain) {
    }

    private Credential load(String name, char[] password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(folder.resolve(name + ".p12"))) {
            store.load(in, password);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (Certificate c : store.getCertificateChain(name)) {
            chain.add((X509Certificate) c);
        }
        return new Credential((PrivateKey) store.getKey(name, password), chain);
    }

    private SSLSocket connect(String name) throws Exception {
        Credential credential = load(name, PASSWORD.toCharArray());
        SSLSocket socket = RawMqtt.handshakePresenting(gateway.application().mqttAddress(), gateway.gatewayCa(),
                credential.key(), credential.chain());
        assertThat(RawMqtt.connect(socket, AdminTopics.clientId(name))).isZero();
        assertThat(RawMqtt.subscribe(socket, AdminTopics.acceptedFilter(name), 100)).isZero();
        assertThat(RawMqtt.subscribe(socket, AdminTopics.rejectedFilter(name), 101)).isZero();
        return socket;
    }

    /** Publishes a request and returns its decoded answer, accepted (a reply) or rejected (a rejection). */
    private Object request(SSLSocket socket, String operator, AdminRequest request) throws Exception {
        AdminCommand command = AdminCommand.of(request);
        RawMqtt.publishAtMostOnce(socket, AdminTopics.request(operator, command), codec.encode((Record) request));
        RawMqtt.Message answer = RawMqtt.nextPublish(socket);
        while (answer.topic().equals(AdminTopics.events(operator))) {
            // Events (a coalesced batch, a statistics tick) may come before the answer; keep them for the test.
            events.add(answer);
            answer = RawMqtt.nextPublish(socket);
        }
        RawMqtt.Message reply = answer;
        if (answer.topic().equals(AdminTopics.rejected(operator, command))) {
            return codec.decodeRejection(answer.payload()).decoded().orElseThrow();
        }
        assertThat(reply.topic()).isEqualTo(AdminTopics.accepted(operator, command));
        return codec.decodeReply(command, reply.payload()).decoded().orElseThrow(
                () -> new AssertionError(new String(reply.payload(), StandardCharsets.UTF_8)));
    }
}
