package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.operator.Principal;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import io.edgeprov.gateway.app.observability.Scrape;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.device.DeviceCsr;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One gateway started from a folder made by {@code init}, refused and served over real MQTT, its
 * {@code /metrics} read over HTTP the way Prometheus reads it. Each test compares scrapes taken
 * before and after its own actions, so the tests do not depend on their order.
 */
class GatewayMetricsIT {
    private static final int SUCCESS = 0x00;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int BANNED = 0x8A;
    private static final ClientToken TOKEN = new ClientToken("ct_M3tr1csLeakProbe7Qz");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    static Path folder;
    static RunningGateway running;

    @BeforeAll
    static void given_a_running_gateway() throws Exception {
        running = RunningGateway.startIn(folder.resolve("gw"));
    }

    @AfterAll
    static void stop_the_gateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void every_kind_of_unauthorized_attempt_is_exposed_from_the_start() throws Exception {
        Scrape scrape = scrape();

        for (UnauthorizedKind kind : UnauthorizedKind.values()) {
            assertThat(scrape.sample("edgeprov_unauthorized_attempts_total", "kind=\"" + label(kind) + "\""))
                    .as(kind.name()).isPresent();
        }
    }

    @Test
    void refused_connects_publishes_and_subscriptions_are_counted_by_kind() throws Exception {
        GivenGateway.Device revoked = givenRecordedDevice("dev-m-revoked");
        running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), revoked.id(), RevocationReason.KEY_COMPROMISE);
        GivenGateway.Device unrecorded = GivenGateway.deviceCertificate(running.caStore(), "dev-m-unrecorded");
        Scrape before = scrape();

        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(revoked))) {
            assertThat(RawMqtt.connect(socket, revoked.id())).isEqualTo(BANNED);
        }
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.of(unrecorded))) {
            assertThat(RawMqtt.connect(socket, unrecorded.id())).isEqualTo(BANNED);
        }
        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.empty())) {
            assertThat(RawMqtt.connect(socket, "dev-m-snoop")).isEqualTo(SUCCESS);
            assertThat(RawMqtt.publish(socket, "prov/v1/dev-m-victim/attest/begin", new byte[] {'{', '}'}, 1))
                    .isEqualTo(NOT_AUTHORIZED);
            assertThat(RawMqtt.subscribe(socket, "prov/v1/dev-m-victim/#", 2)).isEqualTo(NOT_AUTHORIZED);
            assertThat(RawMqtt.subscribe(socket, "prov/v1/dev-m-snoop/attest/begin/accepted", 3))
                    .as("its own reply topic is not refused").isLessThan(0x80);
        }
        Scrape after = scrape();

        assertThat(increase(before, after, UnauthorizedKind.CONNECT_CERTIFICATE_REVOKED)).isEqualTo(1.0);
        assertThat(increase(before, after, UnauthorizedKind.CONNECT_CERTIFICATE_UNRECORDED)).isEqualTo(1.0);
        assertThat(increase(before, after, UnauthorizedKind.PUBLISH_NOT_PERMITTED)).isEqualTo(1.0);
        assertThat(increase(before, after, UnauthorizedKind.SUBSCRIBE_NOT_PERMITTED)).isEqualTo(1.0);
        assertThat(Arrays.stream(UnauthorizedKind.values()).mapToDouble(kind -> increase(before, after, kind)).sum())
                .as("nothing else was counted").isEqualTo(4.0);
    }

    @Test
    void the_open_challenge_gauge_rises_at_begin_and_falls_at_finish_and_no_secret_reaches_the_metrics() throws Exception {
        String id = "dev-m-enroll";
        SoftwareTpm tpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.ECC_P256).build();
        givenIndividualEnrollment(id, tpm);
        JsonDeviceCodec json = new JsonDeviceCodec();
        String begin = DeviceTopics.enrollBegin(new DeviceId(id));
        String finish = DeviceTopics.enrollFinish(new DeviceId(id));
        double openBefore = scrape().gauge("edgeprov_challenges_open");

        try (SSLSocket socket = RawMqtt.handshake(running.application().mqttAddress(), running.gatewayCa(), Optional.empty())) {
            assertThat(RawMqtt.connect(socket, id)).isEqualTo(SUCCESS);
            assertThat(RawMqtt.subscribe(socket, DeviceTopics.accepted(begin), 1)).isLessThan(0x80);
            assertThat(RawMqtt.subscribe(socket, DeviceTopics.accepted(finish), 2)).isLessThan(0x80);

            RawMqtt.publishAtMostOnce(socket, begin, json.encode(new AttestationBegin(TOKEN, tpm.endorsementKeyPublic(),
                    tpm.endorsementKeyCertificate(), tpm.attestationKeyPublic())));
            Challenge challenge = json.decodeChallenge(RawMqtt.awaitPublishOn(socket, DeviceTopics.accepted(begin)))
                    .decoded().orElseThrow();
            assertThat(scrape().gauge("edgeprov_challenges_open")).as("after begin").isEqualTo(openBefore + 1);

            byte[] secret = tpm.activateCredential(challenge.credentialBlob(), challenge.encryptedSecret());
            byte[] proof = AttestationProofs.secretProof(secret, challenge.challengeId());
            RawMqtt.publishAtMostOnce(socket, finish, json.encode(finishFor(id, tpm, challenge, secret, proof)));
            RawMqtt.awaitPublishOn(socket, DeviceTopics.accepted(finish));
            Scrape after = scrape();

            assertThat(after.gauge("edgeprov_challenges_open")).as("after finish").isEqualTo(openBefore);
            assertThat(after.text()).doesNotContain(TOKEN.value());
            for (byte[] value : List.of(secret, proof)) {
                assertThat(after.text()).doesNotContain(HexFormat.of().formatHex(value),
                        Base64.getEncoder().withoutPadding().encodeToString(value),
                        Base64.getUrlEncoder().withoutPadding().encodeToString(value));
            }
        }
    }

    private static AttestationFinish finishFor(String id, SoftwareTpm tpm, Challenge challenge, byte[] secret, byte[] proof)
            throws Exception {
        TpmKeyHandle key = tpm.createDeviceKey();
        CertifyResult evidence = tpm.certify(key, AttestationProofs.qualifyingData(challenge.challengeId(), secret));
        return new AttestationFinish(TOKEN, challenge.challengeId(), proof, evidence.attestation(), evidence.signature(),
                tpm.publicArea(key), DeviceCsr.build(tpm, key, new DeviceId(id)));
    }

    private static void givenIndividualEnrollment(String id, SoftwareTpm tpm) throws Exception {
        Sha256Digest ek = Sha256Digest.of(TpmPublic.unmarshalTpm2b(tpm.endorsementKeyPublic()).marshalTpm2b());
        running.application().registry().enrollments().add(new Enrollment("device-" + id, new EnrollmentRule.Individual(id, ek), true,
                "technician:test", Instant.now()),
                AuditEvent.of(Instant.now(), "technician:test", "enrollment.add", id, AuditOutcome.SUCCESS, "OK")).join();
    }

    private static GivenGateway.Device givenRecordedDevice(String id) throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), id);
        GivenGateway.recordIn(running.application().registry(), device);
        return device;
    }

    private static Scrape scrape() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + running.application().httpPort() + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        assertThat(response.statusCode()).isEqualTo(200);
        return Scrape.of(response.body());
    }

    private static double increase(Scrape before, Scrape after, UnauthorizedKind kind) {
        return after.unauthorized(label(kind)) - before.unauthorized(label(kind));
    }

    private static String label(UnauthorizedKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
