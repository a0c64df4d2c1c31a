package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real Mosquitto 2.0 with the files the gateway writes, and the bridge answering through it. */
class MosquittoBridgeIT {
    private static final int NOT_AUTHORIZED = 135;
    private static final Duration WAIT = TestDevice.WAIT;

    @TempDir
    static Path folder;

    private static MosquittoPki pki;
    private static MosquittoProcess mosquitto;
    private static ExternalBrokerBridge bridge;
    private static ExecutorService executor;
    private static final RecordingHandler HANDLER = new RecordingHandler();
    private static final java.util.Queue<UnauthorizedKind> ATTEMPTS = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private static int devicePort;
    private static int enrollPort;

    @BeforeAll
    static void start_mosquitto_and_the_bridge() throws Exception {
        pki = new MosquittoPki("gw1");
        devicePort = MosquittoProcess.freePort();
        enrollPort = MosquittoProcess.freePort();
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", devicePort, enrollPort, MosquittoPki.GATEWAY_ID);
        if ("root".equals(System.getProperty("user.name"))) {
            // Run as root, Mosquitto drops to user "mosquitto", which cannot read a @TempDir or a 600 key of root's.
            settings = settings.withProcessUser("root");
        }
        MosquittoFiles files = MosquittoFiles.write(folder.resolve("mosquitto"), settings, pki.server(), pki.trusted(), pki.crl());
        mosquitto = MosquittoProcess.start(files.configFile(), folder.resolve("mosquitto.log"), devicePort, enrollPort);
        executor = Executors.newFixedThreadPool(2);
        bridge = ExternalBrokerBridge.builder()
                .serverUri("ssl://127.0.0.1:" + devicePort)
                .gatewayId(MosquittoPki.GATEWAY_ID)
                .socketFactory(GatewayTls.socketFactory(pki.client(MosquittoPki.GATEWAY_ID), pki.trusted(), true, new SecureRandom()))
                .handler(HANDLER)
                .executor(executor)
                .crlInstaller(files.crlInstaller(mosquitto::reload))
                .unauthorizedAttempts(ATTEMPTS::add)
                .maxInflight(4)
                .build();
        bridge.start();
        bridge.publishRetained(BrokerTopics.CA_CERTS, "the chain".getBytes(StandardCharsets.UTF_8)).get();
    }

    @AfterAll
    static void stop_everything() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        if (executor != null) {
            executor.shutdownNow();
        }
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @BeforeEach
    void forget_earlier_requests() {
        HANDLER.clear();
        ATTEMPTS.clear();
    }

    @Test
    void certificate_less_attest_begin_reaches_the_handler_as_unenrolled() throws Exception {
        try (TestDevice device = enrolling("dev-x1")) {
            assertThat(device.publish(Request.ATTEST_BEGIN.topic("dev-x1"), "begin")).isLessThan(0x80);

            assertThat(HANDLER.next(WAIT)).get().satisfies(seen -> {
                assertThat(seen.who()).isEqualTo(new ClientIdentity.Unenrolled("dev-x1"));
                assertThat(seen.topic()).isEqualTo(Request.ATTEST_BEGIN.topic("dev-x1"));
                assertThat(seen.payload()).isEqualTo("begin");
            });
        }
    }

    @Test
    void reply_reaches_the_device_with_its_correlation_data() throws Exception {
        try (TestDevice device = enrolling("dev-x2")) {
            device.subscribe(Request.ATTEST_BEGIN.accepted("dev-x2"));
            byte[] correlation = {7, 1, 9};

            device.publish(Request.ATTEST_BEGIN.topic("dev-x2"), "hello".getBytes(StandardCharsets.UTF_8), Optional.of(correlation));

            assertThat(device.awaitMessageOn(Request.ATTEST_BEGIN.accepted("dev-x2"), new ArrayList<>())).get().satisfies(reply -> {
                assertThat(reply.text()).isEqualTo("hello");
                assertThat(reply.correlation()).contains(correlation);
            });
        }
    }

    @Test
    void publish_on_another_devices_attest_topic_is_refused_and_never_reaches_the_bridge() throws Exception {
        try (TestDevice device = enrolling("dev-x3")) {
            assertThat(device.publish(Request.ATTEST_BEGIN.topic("dev-victim"), "spoof")).isEqualTo(NOT_AUTHORIZED);
            device.publish(Request.ATTEST_FINISH.topic("dev-x3"), "fence");

            thenNextRequestIs(Request.ATTEST_FINISH.topic("dev-x3"));
        }
    }

    @Test
    void request_under_a_reserved_client_id_is_dropped_by_the_bridge_and_counted() throws Exception {
        // Mosquitto's %c pattern lets a client called "ca" write prov/v1/ca/attest/begin; "ca" is no device id.
        try (TestDevice reserved = enrolling("ca"); TestDevice device = enrolling("dev-x5")) {
            assertThat(reserved.publish("prov/v1/ca/attest/begin", "not a device")).isLessThan(0x80);
            device.publish(Request.ATTEST_BEGIN.topic("dev-x5"), "fence");

            thenNextRequestIs(Request.ATTEST_BEGIN.topic("dev-x5"));
            assertThat(ATTEMPTS).containsExactly(UnauthorizedKind.REQUEST_INVALID_DEVICE_ID);
        }
    }

    @Test
    void certificate_less_client_cannot_publish_renew_even_on_its_own_id() throws Exception {
        try (TestDevice device = enrolling("dev-x4")) {
            assertThat(device.publish(Request.RENEW.topic("dev-x4"), "renew")).isEqualTo(NOT_AUTHORIZED);
            device.publish(Request.ATTEST_BEGIN.topic("dev-x4"), "fence");

            thenNextRequestIs(Request.ATTEST_BEGIN.topic("dev-x4"));
        }
    }

    @Test
    void subscription_to_everything_delivers_no_other_devices_reply() throws Exception {
        try (TestDevice snooper = enrolling("dev-snoop"); TestDevice other = enrolling("dev-other")) {
            snooper.subscribe("#");
            other.subscribe(Request.ATTEST_BEGIN.accepted("dev-other"));
            other.publish(Request.ATTEST_BEGIN.topic("dev-other"), "private");
            assertThat(other.awaitMessageOn(Request.ATTEST_BEGIN.accepted("dev-other"), new ArrayList<>())).isPresent();

            thenOnlyOwnAndCaTopicsArrive(snooper, "dev-snoop");
        }
    }

    @Test
    void subscription_to_another_devices_replies_delivers_nothing() throws Exception {
        try (TestDevice snooper = enrolling("dev-snoop2"); TestDevice other = enrolling("dev-other2")) {
            snooper.subscribe(Request.ATTEST_BEGIN.accepted("dev-other2"));
            snooper.subscribe(Request.ATTEST_BEGIN.accepted("dev-snoop2"));
            other.subscribe(Request.ATTEST_BEGIN.accepted("dev-other2"));
            other.publish(Request.ATTEST_BEGIN.topic("dev-other2"), "private");
            assertThat(other.awaitMessageOn(Request.ATTEST_BEGIN.accepted("dev-other2"), new ArrayList<>())).isPresent();

            thenOnlyOwnAndCaTopicsArrive(snooper, "dev-snoop2");
        }
    }

    @Test
    void username_chosen_on_the_enrollment_listener_grants_no_gateway_rights() throws Exception {
        try (TestDevice spoofer = TestDevice.connectAs(enrollPort, "dev-spoof", MosquittoPki.GATEWAY_ID, pki.trusted());
             TestDevice other = enrolling("dev-other3")) {
            spoofer.subscribe(MosquittoAcl.anyDevice(Request.ATTEST_BEGIN));
            spoofer.subscribe(Request.ATTEST_BEGIN.accepted("dev-spoof"));
            other.publish(Request.ATTEST_BEGIN.topic("dev-other3"), "private");
            thenNextRequestIs(Request.ATTEST_BEGIN.topic("dev-other3"));

            thenOnlyOwnAndCaTopicsArrive(spoofer, "dev-spoof");
        }
    }

    @Test
    void anonymous_client_taking_the_gateways_name_as_client_id_does_not_knock_the_bridge_off() throws Exception {
        int before = bridge.disconnectCount();
        try (TestDevice impostor = enrolling(MosquittoPki.GATEWAY_ID); TestDevice device = enrolling("dev-after-impostor")) {
            device.publish(Request.ATTEST_BEGIN.topic("dev-after-impostor"), "fence");
            thenNextRequestIs(Request.ATTEST_BEGIN.topic("dev-after-impostor"));
        }

        assertThat(bridge.disconnectCount()).isEqualTo(before);
    }

    @Test
    void certificate_holder_renew_reaches_the_handler_as_that_device() throws Exception {
        try (TestDevice device = enrolled("dev-a1")) {
            device.publish(Request.RENEW.topic("dev-a1"), "renew");

            assertThat(HANDLER.next(WAIT)).get().extracting(RecordingHandler.Seen::who)
                    .isEqualTo(new ClientIdentity.Device("dev-a1", RequestRoute.UNKNOWN_SERIAL));
        }
    }

    @Test
    void certificate_holder_publish_on_another_devices_renew_is_refused_and_never_reaches_the_bridge() throws Exception {
        try (TestDevice device = enrolled("dev-a2")) {
            assertThat(device.publish(Request.RENEW.topic("dev-b2"), "spoof")).isEqualTo(NOT_AUTHORIZED);
            device.publish(Request.RENEW.topic("dev-a2"), "fence");

            thenNextRequestIs(Request.RENEW.topic("dev-a2"));
        }
    }

    @Test
    void certificate_revoked_in_a_refreshed_crl_is_refused_at_connect() throws Exception {
        ServerCredential revoked = pki.client("dev-revoked");
        try (TestDevice before = TestDevice.connect(devicePort, "dev-revoked", pki.trusted(), Optional.of(revoked))) {
            assertThat(before.publish(Request.RENEW.topic("dev-revoked"), "still fine")).isLessThan(0x80);
        }

        bridge.refreshCrl(pki.crl(revoked)).get();

        assertThat(refusedWithin(revoked, "dev-revoked", WAIT)).as("revoked certificate refused after SIGHUP").isTrue();
    }

    @Test
    void foreign_ca_certificate_is_refused_in_the_handshake() throws Exception {
        ServerCredential foreign = new MosquittoPki("gw9").client("dev-foreign");

        assertThatThrownBy(() -> TestDevice.connect(devicePort, "dev-foreign", pki.trusted(), Optional.of(foreign)).close())
                .isInstanceOf(MqttException.class);
    }

    @Test
    void retained_ca_certificates_are_readable_without_a_certificate() throws Exception {
        try (TestDevice device = enrolling("dev-ca1")) {
            device.subscribe(BrokerTopics.CA_ALL);

            assertThat(device.awaitMessageOn(BrokerTopics.CA_CERTS, new ArrayList<>())).get()
                    .extracting(TestDevice.Received::text).isEqualTo("the chain");
        }
    }

    @Test
    void retained_ca_certificates_are_readable_with_a_certificate() throws Exception {
        try (TestDevice device = enrolled("dev-ca2")) {
            device.subscribe(BrokerTopics.CA_ALL);

            assertThat(device.awaitMessageOn(BrokerTopics.CA_CERTS, new ArrayList<>())).get()
                    .extracting(TestDevice.Received::text).isEqualTo("the chain");
        }
    }

    @Test
    void burst_of_requests_gets_every_reply_through_a_small_inflight_window() throws Exception {
        int requests = 200;
        try (TestDevice device = enrolling("dev-burst")) {
            String accepted = Request.ATTEST_BEGIN.accepted("dev-burst");
            device.subscribe(accepted);
            for (int i = 0; i < requests; i++) {
                device.publish(Request.ATTEST_BEGIN.topic("dev-burst"), "r" + i);
            }

            List<String> replies = new ArrayList<>();
            for (int i = 0; i < requests; i++) {
                device.awaitMessageOn(accepted, new ArrayList<>()).ifPresent(reply -> replies.add(reply.text()));
            }
            assertThat(replies).hasSize(requests).contains("r0", "r" + (requests - 1));
        }
    }

    @Test
    void tls_1_2_with_an_ecdhe_gcm_suite_is_accepted() throws Exception {
        assertThat(handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256")).isEqualTo("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void tls_1_2_with_a_cbc_suite_is_refused() {
        assertThatThrownBy(() -> handshake("TLSv1.2", "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256"))
                .isInstanceOf(javax.net.ssl.SSLException.class);
    }

    /** A bare TLS handshake with the enrollment listener; returns the negotiated suite. */
    private static String handshake(String protocol, String suite) throws Exception {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-ca", pki.gatewayCa());
        javax.net.ssl.TrustManagerFactory trustManagers =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        try (javax.net.ssl.SSLSocket socket = (javax.net.ssl.SSLSocket) context.getSocketFactory().createSocket("127.0.0.1", enrollPort)) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.setEnabledProtocols(new String[] {protocol});
            socket.setEnabledCipherSuites(new String[] {suite});
            socket.startHandshake();
            return socket.getSession().getCipherSuite();
        }
    }

    private static TestDevice enrolling(String deviceId) throws Exception {
        return TestDevice.connect(enrollPort, deviceId, pki.trusted(), Optional.empty());
    }

    private static TestDevice enrolled(String deviceId) throws Exception {
        return TestDevice.connect(devicePort, deviceId, pki.trusted(), Optional.of(pki.client(deviceId)));
    }

    /** The next request the bridge hands over is on {@code topic}: nothing refused slipped in before it. */
    private static void thenNextRequestIs(String topic) throws InterruptedException {
        assertThat(HANDLER.next(WAIT)).get().extracting(RecordingHandler.Seen::topic).isEqualTo(topic);
    }

    /** Makes {@code device} attest, waits for its own reply, and checks nothing before it was another device's. */
    private static void thenOnlyOwnAndCaTopicsArrive(TestDevice device, String deviceId) throws Exception {
        device.subscribe(Request.ATTEST_BEGIN.accepted(deviceId));
        device.publish(Request.ATTEST_BEGIN.topic(deviceId), "fence");
        List<TestDevice.Received> before = new ArrayList<>();
        assertThat(device.awaitMessageOn(Request.ATTEST_BEGIN.accepted(deviceId), before)).isPresent();
        assertThat(before).extracting(TestDevice.Received::topic)
                .allMatch(topic -> topic.startsWith("prov/v1/ca/") || topic.startsWith(BrokerTopics.deviceRoot(deviceId)));
    }

    /** Probes until a connection with {@code credential} is refused (Mosquitto reloads asynchronously after SIGHUP). */
    private static boolean refusedWithin(ServerCredential credential, String clientId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (TestDevice attempt = TestDevice.connect(devicePort, clientId, pki.trusted(), Optional.of(credential))) {
                attempt.publish(Request.RENEW.topic(clientId), "probe");
            } catch (MqttException e) {
                return true;
            }
        }
        return false;
    }
}
