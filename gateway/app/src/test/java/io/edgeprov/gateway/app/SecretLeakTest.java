package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.device.DeviceService;

import io.edgeprov.gateway.mqtt.DeviceMessageHandler;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.gateway.app.observability.GatewayMetrics;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.enrollment.EnrollmentHarness;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * A full run over the wire adapter (enroll, refusals, renewal) leaves no secret in the audit trail, the
 * metrics or the logs: not the credential secret, not the secret proof, not a private key, not the client token.
 */
class SecretLeakTest {

    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final Logger logger = (Logger) LoggerFactory.getLogger("io.edgeprov");
    private Level previousLevel;
    private final GatewayMetrics metrics = new GatewayMetrics();
    private EnrollmentHarness harness;

    @BeforeEach
    void captureLogs() {
        previousLevel = logger.getLevel();
        logger.setLevel(Level.DEBUG);
        logs.start();
        logger.addAppender(logs);
    }

    @AfterEach
    void releaseLogs() throws Exception {
        logger.detachAppender(logs);
        logger.setLevel(previousLevel);
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void after_a_full_run_no_audit_entry_metric_or_log_line_holds_a_secret() throws Exception {
        harness = EnrollmentHarness.inMemory("sensor-1", metrics);
        givenTheGatewaysRegistryGaugesAndAttemptCounters();
        DeviceCodec json = new JsonDeviceCodec();
        DeviceMessageHandler handler = new DeviceMessageHandler(new DeviceService(harness.service()), json);
        ClientIdentity unenrolled = new ClientIdentity.Unenrolled("sensor-1");
        String begin = DeviceTopics.enrollBegin(new DeviceId("sensor-1"));
        String finish = DeviceTopics.enrollFinish(new DeviceId("sensor-1"));

        Challenge first = json.decodeChallenge(reply(handler, unenrolled, begin, json.encode(harness.begin()))
                .payload()).decoded().orElseThrow();
        handler.handle(unenrolled, finish, json.encode(harness.finishWithWrongProof(first))).join();
        Challenge second = json.decodeChallenge(reply(handler, unenrolled, begin, json.encode(harness.begin()))
                .payload()).decoded().orElseThrow();
        AttestationFinish genuine = harness.finish(second);
        Reply issued = reply(handler, unenrolled, finish, json.encode(genuine));
        handler.handle(unenrolled, finish, json.encode(genuine)).join();
        handler.handle(unenrolled, begin, "{\"clientToken\":\"ct_Q7zK4pLm9XwR2vTokenLeakProbe\"}"
                .getBytes(StandardCharsets.UTF_8)).join();
        CredentialBundle bundle = json.decodeCredentialBundle(issued.payload()).decoded().orElseThrow();
        ClientIdentity.Device certified = harness.identityOf(bundle);
        Reply renewed = reply(handler, certified, DeviceTopics.renew(new DeviceId("sensor-1")),
                json.encode(harness.renew()));

        List<String> secrets = secrets();
        String everything = String.join("\n", audited()) + "\n" + metrics.scrape() + "\n"
                + String.join("\n", logLines());

        assertThat(renewed.topic()).as("the run reached a renewal").endsWith("/renew/accepted");
        assertThat(logLines()).as("the refusals were logged").isNotEmpty();
        assertThat(metrics.scrape()).as("the scan covers the gateway's gauges and attempt counters")
                .contains("edgeprov_challenges_open", "edgeprov_certificates_active",
                        "edgeprov_certificate_oldest_active_age_seconds", "edgeprov_unauthorized_attempts_total{kind=");
        assertThat(secrets).allSatisfy(secret -> assertThat(everything).doesNotContain(secret));
    }

    /** What {@code GatewayApplication} adds to the enrollment metrics: registry gauges and per-kind attempt counters. */
    private void givenTheGatewaysRegistryGaugesAndAttemptCounters() {
        RegistryGauges.register(metrics, harness.challenges(), harness.certificates(), Clock.systemUTC(),
                System::nanoTime);
        metrics.declareUnauthorizedKinds(List.of(UnauthorizedKind.values()));
        metrics.unauthorizedAttempt(UnauthorizedKind.PUBLISH_NOT_PERMITTED);
    }

    private List<String> secrets() {
        List<String> out = new ArrayList<>();
        for (byte[] secret : List.of(harness.lastSecret(), harness.lastProof(), harness.caPrivateKey())) {
            out.add(HexFormat.of().formatHex(secret));
            out.add(Base64.getEncoder().withoutPadding().encodeToString(secret));
            out.add(Base64.getUrlEncoder().withoutPadding().encodeToString(secret));
        }
        out.add(harness.clientToken());
        return out;
    }

    private List<String> audited() {
        List<String> out = new ArrayList<>();
        for (AuditEntry entry : harness.auditEntries()) {
            out.add(entry.event().toString());
        }
        return out;
    }

    private List<String> logLines() {
        List<String> out = new ArrayList<>();
        for (ILoggingEvent event : logs.list) {
            out.add(event.getFormattedMessage());
        }
        return out;
    }

    private static Reply reply(DeviceMessageHandler handler, ClientIdentity who, String topic, byte[] payload) {
        return handler.handle(who, topic, payload).join().orElseThrow();
    }
}
