package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.ConnectionPromotion;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.device.ConnectionEffect;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.core.identity.TestPki;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one-handshake enrollment on the real embedded broker (docs/decisions/0036), with real Paho MQTT 5 and
 * 3.1.1 clients: which connection a finish promotes, what the promoted connection may do, and that a
 * revocation cuts it off. The request handler stands in for the core: a begin issues challenge
 * {@code c-N} (the payload), a finish names its challenge in the payload and is answered with a
 * certificate binding, as the core answers an accepted finish.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ConnectionPromotionIT {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);

    record Call(ClientIdentity who, String topic) {
    }

    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final AtomicInteger challenges = new AtomicInteger();
    private final List<AutoCloseable> clients = new ArrayList<>();
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
                        work.resolve("broker"), Duration.ofSeconds(2), BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> false, new MutableClock()))
                .requestHandler(this::answer)
                .requestExecutor(requestExecutor)
                .sourceAdmission(source -> true)
                .unauthorizedAttempts(kind -> { })
                .build();
        broker.start();
    }

    /** Stands in for the core's device port over MQTT. */
    private CompletableFuture<Optional<Reply>> answer(ClientIdentity who, String topic, byte[] payload) {
        calls.add(new Call(who, topic));
        String id = who.deviceId();
        if (topic.equals(BrokerTopics.Request.ATTEST_BEGIN.topic(id))) {
            String challenge = "c-" + challenges.incrementAndGet();
            return done(new Reply(BrokerTopics.Request.ATTEST_BEGIN.accepted(id), bytes(challenge)).about(challenge));
        }
        if (topic.equals(BrokerTopics.Request.ATTEST_FINISH.topic(id))) {
            String challenge = new String(payload, StandardCharsets.UTF_8);
            return done(new Reply(BrokerTopics.Request.ATTEST_FINISH.accepted(id), bytes("bundle"),
                    List.of(new ConnectionEffect.BoundToDevice(id, "abc" + challenges.get()))).about(challenge));
        }
        return done(new Reply(BrokerTopics.Request.RENEW.accepted(id), bytes(who.toString())));
    }

    @AfterEach
    void close_clients() throws Exception {
        for (AutoCloseable client : clients) {
            client.close();
        }
        clients.clear();
        calls.clear();
    }

    @AfterAll
    void stop_broker() throws Exception {
        broker.close();
        requestExecutor.shutdownNow();
        requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void a_connection_that_began_and_finished_its_attestation_is_promoted_and_uses_only_its_own_topics() throws Exception {
        DeviceClient device = unenrolled("dev-p1");
        String challenge = begin(device, "dev-p1");

        DeviceClient.Received bundle = finish(device, "dev-p1", challenge);

        assertThat(bundle.userProperties()).containsEntry(ConnectionPromotion.USER_PROPERTY, ConnectionPromotion.DEVICE);
        assertThat(device.subscribe("prov/v1/dev-p1/#")).isLessThan(0x80);
        assertThat(device.subscribe("prov/v1/dev-other/#")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.subscribe("#")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.publish("prov/v1/dev-other/renew", "csr")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.publish("prov/v1/dev-p1/renew", "csr")).isLessThan(0x80);
        Call renew = nextCall(BrokerTopics.Request.RENEW.topic("dev-p1"));
        assertThat(renew.who()).isEqualTo(new ClientIdentity.Device("dev-p1", "abc" + challenges.get()));
        assertThat(device.awaitMessage(REPLY_WAIT)).get().extracting(DeviceClient.Received::topic)
                .isEqualTo("prov/v1/dev-p1/renew/accepted");
    }

    @Test
    void a_finish_on_another_connection_than_the_begin_promotes_nothing() throws Exception {
        DeviceClient first = unenrolled("dev-p2");
        String challenge = begin(first, "dev-p2");
        first.close();
        DeviceClient second = unenrolled("dev-p2");

        DeviceClient.Received bundle = finish(second, "dev-p2", challenge);

        assertThat(bundle.userProperties()).doesNotContainKey(ConnectionPromotion.USER_PROPERTY);
        thenStillUnenrolled(second, "dev-p2");
    }

    @Test
    void a_finish_naming_another_challenge_than_this_connection_got_promotes_nothing() throws Exception {
        DeviceClient first = unenrolled("dev-p3");
        String elsewhere = begin(first, "dev-p3");
        first.close();
        DeviceClient second = unenrolled("dev-p3");
        String own = begin(second, "dev-p3");

        DeviceClient.Received bundle = finish(second, "dev-p3", elsewhere);

        assertThat(bundle.userProperties()).doesNotContainKey(ConnectionPromotion.USER_PROPERTY);
        thenStillUnenrolled(second, "dev-p3");
        // the connection's own challenge still promotes it: the refusal above was about the challenge
        assertThat(finish(second, "dev-p3", own).userProperties()).containsKey(ConnectionPromotion.USER_PROPERTY);
    }

    @Test
    void an_mqtt_3_1_1_connection_keeps_the_two_connection_path() throws Exception {
        Mqtt311Client device = Mqtt311Client.connect(broker.port(), "dev-p4", pki.gatewayCa(), Optional.empty());
        clients.add(device);
        device.subscribe("prov/v1/dev-p4/attest/begin/accepted");
        device.subscribe("prov/v1/dev-p4/attest/finish/accepted");
        device.publish("prov/v1/dev-p4/attest/begin", bytes("ek"));
        byte[] challenge = device.awaitMessage(REPLY_WAIT).orElseThrow().payload();
        device.publish("prov/v1/dev-p4/attest/finish", challenge);
        assertThat(device.awaitMessage(REPLY_WAIT)).get().extracting(Mqtt311Client.Received::topic)
                .isEqualTo("prov/v1/dev-p4/attest/finish/accepted");

        assertThat(device.subscribe("prov/v1/dev-p4/#")).isEqualTo(0x80);
        device.publish("prov/v1/dev-p4/attest/begin", bytes("ek"));
        assertThat(nextCall("prov/v1/dev-p4/attest/begin").who()).isEqualTo(new ClientIdentity.Unenrolled("dev-p4"));
    }

    @Test
    void revoking_the_device_cuts_the_promoted_connection_off_within_a_second() throws Exception {
        DeviceClient device = unenrolled("dev-p5");
        assertThat(finish(device, "dev-p5", begin(device, "dev-p5")).userProperties())
                .containsKey(ConnectionPromotion.USER_PROPERTY);
        assertThat(device.subscribe("prov/v1/dev-p5/#")).isLessThan(0x80);

        long revokedAt = System.nanoTime();
        new BrokerRevocationListener(broker).deviceRevoked("dev-p5", List.of(), RevocationReason.KEY_COMPROMISE);

        assertThat(device.awaitDisconnect(Duration.ofSeconds(1))).isTrue();
        assertThat(Duration.ofNanos(device.disconnectedAtNanos() - revokedAt)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void a_promoted_connection_is_not_taken_over_by_a_certificate_less_client() throws Exception {
        DeviceClient device = unenrolled("dev-p6");
        assertThat(finish(device, "dev-p6", begin(device, "dev-p6")).userProperties())
                .containsKey(ConnectionPromotion.USER_PROPERTY);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unenrolled("dev-p6"))
                .isInstanceOf(org.eclipse.paho.mqttv5.common.MqttException.class);
        assertThat(device.isConnected()).isTrue();
    }

    private void thenStillUnenrolled(DeviceClient device, String id) throws Exception {
        assertThat(device.subscribe("prov/v1/" + id + "/#")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.publish("prov/v1/" + id + "/renew", "csr")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.subscribe("prov/v1/" + id + "/attest/begin/accepted")).isLessThan(0x80);
        assertThat(device.publish("prov/v1/" + id + "/attest/begin", "ek")).isLessThan(0x80);
        assertThat(nextCall("prov/v1/" + id + "/attest/begin").who()).isEqualTo(new ClientIdentity.Unenrolled(id));
        assertThat(device.awaitMessage(REPLY_WAIT)).get().extracting(DeviceClient.Received::topic)
                .isEqualTo("prov/v1/" + id + "/attest/begin/accepted");
    }

    private String begin(DeviceClient device, String id) throws Exception {
        assertThat(device.subscribe("prov/v1/" + id + "/attest/begin/accepted")).isLessThan(0x80);
        assertThat(device.subscribe("prov/v1/" + id + "/attest/finish/accepted")).isLessThan(0x80);
        assertThat(device.publish("prov/v1/" + id + "/attest/begin", "ek")).isLessThan(0x80);
        DeviceClient.Received challenge = device.awaitMessage(REPLY_WAIT).orElseThrow();
        assertThat(challenge.topic()).isEqualTo("prov/v1/" + id + "/attest/begin/accepted");
        return challenge.text();
    }

    private DeviceClient.Received finish(DeviceClient device, String id, String challenge) throws Exception {
        assertThat(device.subscribe("prov/v1/" + id + "/attest/finish/accepted")).isLessThan(0x80);
        assertThat(device.publish("prov/v1/" + id + "/attest/finish", challenge)).isLessThan(0x80);
        DeviceClient.Received bundle = device.awaitMessage(REPLY_WAIT).orElseThrow();
        assertThat(bundle.topic()).isEqualTo("prov/v1/" + id + "/attest/finish/accepted");
        return bundle;
    }

    private Call nextCall(String topic) throws InterruptedException {
        while (true) {
            Call call = calls.poll(REPLY_WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(call).as("a request on " + topic).isNotNull();
            if (call.topic().equals(topic)) {
                return call;
            }
        }
    }

    private DeviceClient unenrolled(String id) throws Exception {
        DeviceClient client = DeviceClient.connect(broker.port(), id, pki.gatewayCa(), Optional.empty());
        clients.add(client);
        return client;
    }

    private static CompletableFuture<Optional<Reply>> done(Reply reply) {
        return CompletableFuture.completedFuture(Optional.of(reply));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
