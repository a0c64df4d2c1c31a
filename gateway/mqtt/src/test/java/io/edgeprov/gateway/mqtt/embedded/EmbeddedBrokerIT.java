package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.TestPki;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** One real broker for the class (start about 3 s, stop about 4 s), real Paho devices over TLS. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerIT {
    private static final int NOT_AUTHORIZED = 0x87;
    private static final int CLIENT_ID_NOT_VALID = 0x85;
    private static final int BANNED = 0x8A;
    private static final int UNSPECIFIED_ERROR = 0x80;
    private static final int ADMINISTRATIVE_ACTION = 0x98;
    private static final int SESSION_TAKEN_OVER = 0x8E;
    private static final Duration REPLY_WAIT = Duration.ofSeconds(5);
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration ABSENCE_WAIT = Duration.ofSeconds(1);

    /** A request the test handler saw. */
    record Call(ClientIdentity who, String topic) {
    }

    private final MutableClock gatewayClock = new MutableClock();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final BlockingQueue<Call> calls = new LinkedBlockingQueue<>();
    private final java.util.concurrent.atomic.AtomicBoolean admitting = new java.util.concurrent.atomic.AtomicBoolean(true);
    private final List<DeviceClient> clients = new ArrayList<>();
    private final java.util.Queue<UnauthorizedKind> attempts = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private TestPki pki;
    private TestPki foreignPki;
    private TestPki lookalikePki;
    private ExecutorService requestExecutor;
    private EmbeddedBroker broker;

    @BeforeAll
    void start_broker(@TempDir Path work) throws Exception {
        pki = new TestPki();
        foreignPki = new TestPki("other-gw");
        lookalikePki = new TestPki("gw1");
        requestExecutor = Executors.newFixedThreadPool(2);
        TestPki.Credential server = pki.server();
        broker = EmbeddedBroker.builder()
                .config(new BrokerConfig(BrokerConfig.DEFAULT_BIND_ADDRESS, 0, server.chain(), server.key(), pki.gatewayCa(),
                        work.resolve("broker"), REQUEST_TIMEOUT, BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, revoked::contains, gatewayClock))
                .requestHandler(new DeviceRequestHandler() {
                    @Override
                    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
                        return echo(who, topic, payload);
                    }

                    @Override
                    public Optional<Reply> rateLimited(ClientIdentity who, String topic, byte[] payload) {
                        return Optional.of(new Reply(topic + "/rejected", "rate-limited".getBytes(StandardCharsets.UTF_8)));
                    }
                })
                .requestExecutor(requestExecutor)
                .sourceAdmission(source -> admitting.get())
                .unauthorizedAttempts(attempts::add)
                .build();
        broker.start();
    }

    @AfterEach
    void close_clients() throws Exception {
        for (DeviceClient client : clients) {
            client.close();
        }
        clients.clear();
        calls.clear();
        gatewayClock.reset();
        revoked.clear();
        admitting.set(true);
        attempts.clear();
    }

    @AfterAll
    void stop_broker() throws Exception {
        broker.close();
        requestExecutor.shutdownNow();
        requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void certificate_less_client_gets_an_answer_to_its_own_begin_request() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u1");
        device.subscribe("prov/v1/dev-u1/attest/begin/accepted");

        assertThat(device.publish("prov/v1/dev-u1/attest/begin", "ek-and-ak")).isLessThan(0x80);

        thenReceives(device, "prov/v1/dev-u1/attest/begin/accepted", "ek-and-ak");
        assertThat(calls.poll(5, TimeUnit.SECONDS)).isEqualTo(
                new Call(new ClientIdentity.Unenrolled("dev-u1"), "prov/v1/dev-u1/attest/begin"));
    }

    @Test
    void a_source_that_asks_too_often_gets_the_rate_limited_answer_and_the_handler_never_sees_the_request() throws Exception {
        DeviceClient device = givenUnenrolled("dev-rl");
        device.subscribe("prov/v1/dev-rl/attest/begin/rejected");
        admitting.set(false);

        assertThat(device.publish("prov/v1/dev-rl/attest/begin", "ek-and-ak")).isLessThan(0x80);

        thenReceives(device, "prov/v1/dev-rl/attest/begin/rejected", "rate-limited");
        assertThat(calls.poll(ABSENCE_WAIT.toMillis(), TimeUnit.MILLISECONDS)).isNull();
        assertThat(attempts).containsExactly(UnauthorizedKind.SOURCE_RATE_LIMITED);
    }

    @Test
    void reply_carries_the_requests_correlation_data() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u2");
        device.subscribe("prov/v1/dev-u2/attest/begin/accepted");
        byte[] correlation = {7, 7, 42};

        device.publish("prov/v1/dev-u2/attest/begin", "x".getBytes(StandardCharsets.UTF_8), Optional.of(correlation));

        Optional<DeviceClient.Received> reply = device.awaitMessage(REPLY_WAIT);
        assertThat(reply).isPresent();
        assertThat(reply.get().correlation()).hasValueSatisfying(data -> assertThat(data).containsExactly(7, 7, 42));
    }

    @Test
    void reply_without_correlation_data_reaches_a_client_that_sent_none() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u3");
        device.subscribe("prov/v1/dev-u3/attest/finish/accepted");

        device.publish("prov/v1/dev-u3/attest/finish", "token-1");

        Optional<DeviceClient.Received> reply = device.awaitMessage(REPLY_WAIT);
        assertThat(reply).hasValueSatisfying(message -> assertThat(message.correlation()).isEmpty());
    }

    @Test
    void publish_to_another_devices_topic_is_refused_and_the_client_stays_connected() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u4");
        device.subscribe("prov/v1/dev-u4/attest/begin/accepted");

        assertThat(device.publish("prov/v1/dev-other/attest/begin", "sneaky")).isEqualTo(NOT_AUTHORIZED);

        assertThat(device.publish("prov/v1/dev-u4/attest/begin", "still-here")).isLessThan(0x80);
        thenReceives(device, "prov/v1/dev-u4/attest/begin/accepted", "still-here");
        assertThat(attempts).containsExactly(UnauthorizedKind.PUBLISH_NOT_PERMITTED);
    }

    @Test
    void refused_publish_never_reaches_the_handler() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u5");

        device.publish("prov/v1/dev-other/attest/begin", "sneaky");
        device.publish("prov/v1/dev-u5/renew", "not-enrolled");
        device.publish("prov/v1/dev-u5/attest/begin", "marker");

        assertThat(calls.poll(5, TimeUnit.SECONDS)).extracting(Call::topic).isEqualTo("prov/v1/dev-u5/attest/begin");
    }

    @Test
    void certificate_less_client_cannot_renew() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u6");

        assertThat(device.publish("prov/v1/dev-u6/renew", "csr")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void nobody_can_subscribe_to_everything() throws Exception {
        DeviceClient device = givenDevice("dev-d0");

        assertThat(device.subscribe("#")).isEqualTo(NOT_AUTHORIZED);
        assertThat(attempts).containsExactly(UnauthorizedKind.SUBSCRIBE_NOT_PERMITTED);
    }

    @Test
    void certificate_less_client_cannot_subscribe_to_another_devices_replies() throws Exception {
        DeviceClient device = givenUnenrolled("dev-u7");

        assertThat(device.subscribe("prov/v1/dev-other/attest/begin/accepted")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void device_cannot_subscribe_across_devices_with_a_wildcard() throws Exception {
        DeviceClient device = givenDevice("dev-d1");

        assertThat(device.subscribe("prov/v1/+/renew/accepted")).isEqualTo(NOT_AUTHORIZED);
        assertThat(device.subscribe("prov/v1/dev-d1/renew/accepted")).as("still connected").isLessThan(0x80);
        assertThat(attempts).containsExactly(UnauthorizedKind.SUBSCRIBE_NOT_PERMITTED);
    }

    @Test
    void device_cannot_publish_to_its_own_reply_topic() throws Exception {
        DeviceClient device = givenDevice("dev-d2");

        assertThat(device.publish("prov/v1/dev-d2/renew/accepted", "forged")).isEqualTo(NOT_AUTHORIZED);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev/a", "dev#", "dev+a"})
    void client_id_with_a_topic_metacharacter_is_refused_at_connect(String clientId) {
        assertThatThrownBy(() -> DeviceClient.connect(broker.port(), clientId, pki.gatewayCa(), Optional.empty()))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e.getReasonCode()).isEqualTo(CLIENT_ID_NOT_VALID));
        assertThat(attempts).containsExactly(UnauthorizedKind.CONNECT_CLIENT_ID_INVALID);
    }

    @Test
    void device_with_a_certificate_renews_on_its_own_topic() throws Exception {
        TestPki.Credential credential = pki.device("dev-d3");
        DeviceClient device = connect("dev-d3", credential);
        device.subscribe("prov/v1/dev-d3/#");

        assertThat(device.publish("prov/v1/dev-d3/renew", "csr")).isLessThan(0x80);

        thenReceives(device, "prov/v1/dev-d3/renew/accepted", "csr");
        assertThat(calls.poll(5, TimeUnit.SECONDS)).isEqualTo(
                new Call(new ClientIdentity.Device("dev-d3", credential.serialHex()), "prov/v1/dev-d3/renew"));
        assertThat(attempts).as("nothing allowed is counted").isEmpty();
    }

    @Test
    void device_cannot_renew_on_another_devices_topic() throws Exception {
        DeviceClient device = givenDevice("dev-d4");

        assertThat(device.publish("prov/v1/dev-d5/renew", "csr")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void certificate_for_one_device_with_another_client_id_is_refused_at_connect() throws Exception {
        TestPki.Credential credentialForA = pki.device("dev-a");

        thenConnectRefused("dev-b", credentialForA, NOT_AUTHORIZED);
        assertThat(attempts).containsExactly(UnauthorizedKind.CONNECT_CLIENT_ID_MISMATCH);
    }

    @Test
    void revoked_certificate_is_refused_at_connect() throws Exception {
        TestPki.Credential credential = pki.device("dev-r1");
        revoked.add(credential.serialHex());

        thenConnectRefused("dev-r1", credential, BANNED);
        assertThat(attempts).containsExactly(UnauthorizedKind.CONNECT_CERTIFICATE_REVOKED);
    }

    @Test
    void certificate_expired_at_the_gateway_clock_is_refused_at_connect() throws Exception {
        TestPki.Credential credential = pki.device("dev-e1");
        gatewayClock.advance(Duration.ofDays(2));

        thenConnectRefused("dev-e1", credential, NOT_AUTHORIZED);
        assertThat(attempts).containsExactly(UnauthorizedKind.CONNECT_CERTIFICATE_EXPIRED);
    }

    @Test
    void certificate_expired_in_real_time_cannot_connect() throws Exception {
        TestPki.Credential credential = pki.expiredDevice("dev-e2");

        assertThatThrownBy(() -> connect("dev-e2", credential)).isInstanceOf(MqttException.class);
    }

    @Test
    void certificate_less_client_cannot_take_over_a_connected_devices_id() throws Exception {
        DeviceClient device = givenDevice("dev-t1");

        assertThatThrownBy(() -> givenUnenrolled("dev-t1"))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(NOT_AUTHORIZED));
        assertThat(device.subscribe("prov/v1/dev-t1/#")).as("device still connected").isLessThan(0x80);
        assertThat(attempts).containsExactly(UnauthorizedKind.CONNECT_CLIENT_ID_IN_USE);
    }

    @Test
    void device_with_its_certificate_may_take_over_its_own_session() throws Exception {
        TestPki.Credential credential = pki.device("dev-t2");
        DeviceClient first = connect("dev-t2", credential);

        connect("dev-t2", credential);

        assertThat(first.awaitDisconnect(Duration.ofSeconds(5))).isTrue();
        assertThat(first.disconnectReason()).isEqualTo(SESSION_TAKEN_OVER);
    }

    @Test
    void disconnect_cuts_a_connected_device_within_a_second() throws Exception {
        DeviceClient device = givenDevice("dev-x1");

        long before = System.nanoTime();
        broker.disconnect("dev-x1", "certificate revoked").get(5, TimeUnit.SECONDS);

        assertThat(device.awaitDisconnect(Duration.ofSeconds(5))).as("disconnect callback").isTrue();
        assertThat(Duration.ofNanos(device.disconnectedAtNanos() - before)).isLessThan(Duration.ofSeconds(1));
        assertThat(device.disconnectReason()).isEqualTo(ADMINISTRATIVE_ACTION);
    }

    @Test
    void certificate_from_a_foreign_ca_arrives_without_certificate_and_cannot_renew() throws Exception {
        DeviceClient device = connect("dev-f1", foreignPki.device("dev-f1"));

        assertThat(device.publish("prov/v1/dev-f1/renew", "csr")).isEqualTo(NOT_AUTHORIZED);
    }

    @Test
    void certificate_from_a_foreign_ca_gets_unenrolled_rights() throws Exception {
        DeviceClient device = connect("dev-f2", foreignPki.device("dev-f2"));

        device.publish("prov/v1/dev-f2/attest/begin", "ek");

        assertThat(calls.poll(5, TimeUnit.SECONDS)).extracting(Call::who).isEqualTo(new ClientIdentity.Unenrolled("dev-f2"));
    }

    @Test
    void certificate_from_a_lookalike_ca_with_the_gateway_cas_name_cannot_connect() throws Exception {
        TestPki.Credential lookalike = lookalikePki.device("dev-f3");

        assertThatThrownBy(() -> connect("dev-f3", lookalike))
                .isInstanceOfSatisfying(MqttException.class,
                        e -> assertThat(e).hasRootCauseInstanceOf(SSLHandshakeException.class));
    }

    @Test
    void failing_handler_answers_with_an_error_and_keeps_the_client_connected() throws Exception {
        DeviceClient device = givenUnenrolled("dev-h1");
        device.subscribe("prov/v1/dev-h1/attest/begin/accepted");

        assertThat(device.publish("prov/v1/dev-h1/attest/begin", "fail")).isEqualTo(UNSPECIFIED_ERROR);

        device.publish("prov/v1/dev-h1/attest/begin", "ok");
        thenReceives(device, "prov/v1/dev-h1/attest/begin/accepted", "ok");
    }

    @Test
    void handler_that_never_answers_is_timed_out_with_an_error() throws Exception {
        DeviceClient device = givenUnenrolled("dev-h2");

        assertThat(device.publish("prov/v1/dev-h2/attest/begin", "hang")).isEqualTo(UNSPECIFIED_ERROR);
    }

    @Test
    void reply_addressed_to_another_device_is_dropped() throws Exception {
        DeviceClient victim = givenDevice("dev-v1");
        victim.subscribe("prov/v1/dev-v1/#");
        DeviceClient device = givenUnenrolled("dev-h3");

        device.publish("prov/v1/dev-h3/attest/begin", "redirect:prov/v1/dev-v1/notice");

        assertThat(calls.poll(5, TimeUnit.SECONDS)).as("handler ran").isNotNull();
        assertThat(victim.awaitMessage(ABSENCE_WAIT)).isEmpty();
    }

    @Test
    void shared_subscriptions_are_refused() throws Exception {
        DeviceClient device = givenDevice("dev-s1");

        assertThat(device.subscribe("$share/group/prov/v1/dev-s1/#")).isGreaterThanOrEqualTo(0x80);
    }

    @Test
    void retained_ca_certificates_reach_a_later_subscriber() throws Exception {
        broker.publishRetained(BrokerTopics.CA_CERTS, "chain-pem".getBytes(StandardCharsets.UTF_8)).get(5, TimeUnit.SECONDS);
        DeviceClient device = givenUnenrolled("dev-c1");

        device.subscribe(BrokerTopics.CA_ALL);

        thenReceives(device, BrokerTopics.CA_CERTS, "chain-pem");
    }

    @Test
    void listener_refuses_cbc_suites() throws Exception {
        try (SSLSocket socket = (SSLSocket) ClientTls.socketFactory(pki.gatewayCa(), Optional.empty(), true)
                .createSocket("127.0.0.1", broker.port())) {
            socket.setEnabledProtocols(new String[] {"TLSv1.2"});
            socket.setEnabledCipherSuites(new String[] {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"});

            assertThatThrownBy(socket::startHandshake).isInstanceOf(SSLHandshakeException.class);
        }
    }

    @Test
    void listener_negotiates_tls_1_3() throws Exception {
        try (SSLSocket socket = (SSLSocket) ClientTls.socketFactory(pki.gatewayCa(), Optional.empty(), true)
                .createSocket("127.0.0.1", broker.port())) {
            socket.startHandshake();

            assertThat(socket.getSession().getProtocol()).isEqualTo("TLSv1.3");
        }
    }

    private CompletableFuture<Optional<Reply>> echo(ClientIdentity who, String topic, byte[] payload) {
        calls.add(new Call(who, topic));
        String text = new String(payload, StandardCharsets.UTF_8);
        if (text.equals("fail")) {
            return CompletableFuture.failedFuture(new IllegalStateException("handler failed on purpose"));
        }
        if (text.equals("hang")) {
            return new CompletableFuture<>();
        }
        if (text.startsWith("redirect:")) {
            return CompletableFuture.completedFuture(Optional.of(new Reply(text.substring("redirect:".length()), payload)));
        }
        return CompletableFuture.completedFuture(Optional.of(new Reply(topic + "/accepted", payload)));
    }

    private DeviceClient givenUnenrolled(String clientId) throws Exception {
        DeviceClient client = DeviceClient.connect(broker.port(), clientId, pki.gatewayCa(), Optional.empty());
        clients.add(client);
        return client;
    }

    private DeviceClient givenDevice(String deviceId) throws Exception {
        return connect(deviceId, pki.device(deviceId));
    }

    private DeviceClient connect(String clientId, TestPki.Credential credential) throws Exception {
        DeviceClient client = DeviceClient.connect(broker.port(), clientId, pki.gatewayCa(), Optional.of(credential));
        clients.add(client);
        return client;
    }

    private void thenConnectRefused(String clientId, TestPki.Credential credential, int reasonCode) {
        assertThatThrownBy(() -> connect(clientId, credential))
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode()).isEqualTo(reasonCode));
    }

    private static void thenReceives(DeviceClient device, String topic, String payload) throws InterruptedException {
        Optional<DeviceClient.Received> message = device.awaitMessage(REPLY_WAIT);
        assertThat(message).as("message on " + topic).isPresent();
        assertThat(message.get().topic()).isEqualTo(topic);
        assertThat(message.get().text()).isEqualTo(payload);
    }
}
