package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ChallengeId;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.device.DeviceAnswer;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.device.DeviceRequest;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.core.identity.TestPki;
import io.edgeprov.gateway.mqtt.DeviceMessageHandler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * MQTT 3.1.1 devices against the embedded broker and the real request handler: every refusal of a
 * request on the device's own topics arrives as a Rejection on its {@code rejected} topic and the
 * device stays connected; a publish on a topic it may not use at all disconnects it (a 3.1.1 PUBACK
 * cannot say no). The device port is scripted by the request's client token.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class Mqtt311RefusalIT {
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final int SUBACK_FAILURE = 0x80;

    private final DeviceCodec codec = new JsonDeviceCodec();
    private final AtomicBoolean admitting = new AtomicBoolean(true);
    private final List<Mqtt311Client> clients = new ArrayList<>();
    private TestPki pki;
    private ExecutorService requestExecutor;
    private EmbeddedBroker broker;

    @BeforeAll
    void start_broker(@TempDir Path work) throws Exception {
        pki = new TestPki();
        requestExecutor = Executors.newFixedThreadPool(2);
        TestPki.Credential server = pki.server();
        broker = EmbeddedBroker.builder()
                .config(new BrokerConfig(BrokerConfig.DEFAULT_BIND_ADDRESS, 0, server.chain(), server.key(), pki.gatewayCa(),
                        work.resolve("broker"), REQUEST_TIMEOUT, BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> false,
                        new MutableClock()))
                .requestHandler(new DeviceMessageHandler(new ScriptedPort(), codec))
                .requestExecutor(requestExecutor)
                .sourceAdmission(source -> admitting.get())
                .unauthorizedAttempts(kind -> { })
                .build();
        broker.start();
    }

    @AfterEach
    void close_clients() throws Exception {
        for (Mqtt311Client client : clients) {
            client.close();
        }
        clients.clear();
        admitting.set(true);
    }

    @AfterAll
    void stop_broker() throws Exception {
        broker.close();
        requestExecutor.shutdownNow();
        requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void an_unparseable_request_is_rejected_as_malformed_with_the_empty_token_and_the_client_stays_connected() throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-m");

        device.publish("prov/v1/dev-311-m/attest/begin", "{not json".getBytes(StandardCharsets.UTF_8));

        Rejection rejection = thenRejected(device, "prov/v1/dev-311-m/attest/begin/rejected");
        assertThat(rejection.code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
        assertThat(rejection.clientToken()).isEqualTo(ClientToken.NONE);
        thenStillServed(device, "dev-311-m");
    }

    @Test
    void a_revoked_device_gets_the_terminal_code_as_a_rejection() throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-r");

        device.publish("prov/v1/dev-311-r/attest/begin", begin("revoked"));

        Rejection rejection = thenRejected(device, "prov/v1/dev-311-r/attest/begin/rejected");
        assertThat(rejection.code()).isEqualTo(WireErrorCode.DEVICE_REVOKED);
        assertThat(rejection.code().isTerminal()).isTrue();
        assertThat(rejection.clientToken()).isEqualTo(new ClientToken("revoked"));
    }

    @Test
    void a_request_whose_handling_fails_is_answered_with_internal_error_and_the_client_stays_connected() throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-f");

        device.publish("prov/v1/dev-311-f/attest/begin", begin("fail"));

        Rejection rejection = thenRejected(device, "prov/v1/dev-311-f/attest/begin/rejected");
        assertThat(rejection.code()).isEqualTo(WireErrorCode.INTERNAL_ERROR);
        assertThat(rejection.clientToken()).isEqualTo(new ClientToken("fail"));
        thenStillServed(device, "dev-311-f");
    }

    @Test
    void a_request_not_answered_within_the_request_timeout_gets_internal_error_and_the_client_stays_connected()
            throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-h");

        device.publishAndForget("prov/v1/dev-311-h/attest/begin", begin("hang"));

        Rejection rejection = thenRejected(device, "prov/v1/dev-311-h/attest/begin/rejected");
        assertThat(rejection.code()).isEqualTo(WireErrorCode.INTERNAL_ERROR);
        thenStillServed(device, "dev-311-h");
    }

    @Test
    void a_source_that_asks_too_often_gets_rate_limited_as_a_rejection_and_the_client_stays_connected() throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-l");
        admitting.set(false);

        device.publish("prov/v1/dev-311-l/attest/begin", begin("tok-l"));

        assertThat(thenRejected(device, "prov/v1/dev-311-l/attest/begin/rejected").code()).isEqualTo(WireErrorCode.RATE_LIMITED);
        admitting.set(true);
        thenStillServed(device, "dev-311-l");
    }

    @Test
    void a_publish_on_another_devices_topic_disconnects_a_3_1_1_client() throws Exception {
        Mqtt311Client device = givenAttestingDevice("dev-311-x");

        device.publishAndForget("prov/v1/dev-other/attest/begin", begin("tok-x"));

        assertThat(device.awaitConnectionLost(REPLY_WAIT)).as("disconnected").isTrue();
    }

    @Test
    void a_certificate_less_client_may_not_subscribe_to_a_wildcard_under_its_attest_topics_and_stays_connected()
            throws Exception {
        Mqtt311Client device = givenConnected("dev-311-w");

        assertThat(device.subscribe("prov/v1/dev-311-w/attest/#")).isEqualTo(SUBACK_FAILURE);
        assertThat(device.subscribe("prov/v1/dev-311-w/attest/begin/accepted")).isEqualTo(1);
        assertThat(device.isConnected()).isTrue();
    }

    private Mqtt311Client givenConnected(String clientId) throws Exception {
        Mqtt311Client client = Mqtt311Client.connect(broker.port(), clientId, pki.gatewayCa(), Optional.empty());
        clients.add(client);
        return client;
    }

    private Mqtt311Client givenAttestingDevice(String clientId) throws Exception {
        Mqtt311Client client = givenConnected(clientId);
        String root = "prov/v1/" + clientId + "/attest/begin";
        assertThat(client.subscribe(root + "/accepted")).isEqualTo(1);
        assertThat(client.subscribe(root + "/rejected")).isEqualTo(1);
        return client;
    }

    private byte[] begin(String token) {
        return codec.encode(new AttestationBegin(new ClientToken(token), new byte[] {1, 2, 3}, Optional.empty(),
                new byte[] {4, 5, 6}));
    }

    private Rejection thenRejected(Mqtt311Client device, String topic) throws InterruptedException {
        Mqtt311Client.Received message = device.awaitMessage(REPLY_WAIT).orElseThrow(() -> new AssertionError("no reply on " + topic));
        assertThat(message.topic()).isEqualTo(topic);
        return codec.decodeRejection(message.payload()).decoded().orElseThrow();
    }

    /** Still connected, and a good request on the same connection is answered. */
    private void thenStillServed(Mqtt311Client device, String clientId) throws MqttException, InterruptedException {
        assertThat(device.isConnected()).isTrue();
        device.publish("prov/v1/" + clientId + "/attest/begin", begin("tok-ok"));
        Mqtt311Client.Received message = device.awaitMessage(REPLY_WAIT).orElseThrow();
        assertThat(message.topic()).isEqualTo("prov/v1/" + clientId + "/attest/begin/accepted");
        assertThat(codec.decodeChallenge(message.payload()).decoded()).isPresent();
    }

    /** Answers by the request's client token: revoked, fail, hang, else a challenge. */
    private static final class ScriptedPort implements DevicePort {
        @Override
        public CompletableFuture<DeviceAnswer> handle(ClientIdentity peer, DeviceRequest request) {
            ClientToken token = request.clientToken();
            return switch (token.value()) {
                case "revoked" -> CompletableFuture.completedFuture(new DeviceAnswer.Refused(new Rejection(token,
                        EnrollmentRefusal.DEVICE_REVOKED.wireCode(), EnrollmentRefusal.DEVICE_REVOKED.reason()),
                        Optional.of(EnrollmentRefusal.DEVICE_REVOKED), List.of()));
                case "fail" -> CompletableFuture.failedFuture(new IllegalStateException("failed on purpose"));
                case "hang" -> new CompletableFuture<>();
                default -> CompletableFuture.completedFuture(new DeviceAnswer.Replied(new Challenge(token,
                        new ChallengeId("c-1"), new byte[] {1}, new byte[] {2}, Instant.ofEpochSecond(2_000_000_000L)),
                        List.of()));
            };
        }

        @Override
        public DeviceAnswer.Refused refuse(ClientToken token, WireErrorCode code, String reason) {
            return new DeviceAnswer.Refused(new Rejection(token, code, reason), Optional.empty(), List.of());
        }
    }
}
