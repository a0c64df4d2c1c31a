package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's findings replayed against the real Mosquitto 2.0 with the files the gateway writes
 * (docs/decisions/0008, points 8 to 10): squatting a device's client id, resuming a device's
 * session without its certificate, and the cap on certificate-less connections.
 */
class MosquittoHardeningIT {
    private static final Duration WAIT = TestDevice.WAIT;
    private static final Duration SESSION_EXPIRY = Duration.ofHours(1);

    @TempDir
    static Path folder;

    private static MosquittoPki pki;
    private static MosquittoProcess mosquitto;
    private static ExternalBrokerBridge bridge;
    private static ExecutorService executor;
    private static final RecordingHandler HANDLER = new RecordingHandler();
    private static int devicePort;
    private static int enrollPort;

    @BeforeAll
    static void start_mosquitto_and_the_bridge() throws Exception {
        pki = new MosquittoPki("gw1");
        devicePort = MosquittoProcess.freePort();
        enrollPort = MosquittoProcess.freePort();
        MosquittoFiles files = MosquittoFiles.write(folder.resolve("mosquitto"),
                runnable(MosquittoSettings.of("127.0.0.1", devicePort, enrollPort, MosquittoPki.GATEWAY_ID)),
                pki.server(), pki.trusted(), pki.crl());
        mosquitto = MosquittoProcess.start(files.configFile(), folder.resolve("mosquitto.log"), devicePort, enrollPort);
        executor = Executors.newFixedThreadPool(2);
        bridge = ExternalBrokerBridge.builder()
                .serverUri("ssl://127.0.0.1:" + devicePort)
                .gatewayId(MosquittoPki.GATEWAY_ID)
                .socketFactory(GatewayTls.socketFactory(pki.client(MosquittoPki.GATEWAY_ID), pki.trusted(), true, new SecureRandom()))
                .handler(HANDLER)
                .executor(executor)
                .crlInstaller(files.crlInstaller(mosquitto::reload))
                .build();
        bridge.start();
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
    }

    // Finding 1: squatting. Mosquitto lets the newer connection take a client id over.

    @Test
    void device_attests_while_a_certificate_less_client_holds_its_id() throws Exception {
        try (TestDevice squatter = enrolling("dev-sq1"); TestDevice device = enrolling("dev-sq1")) {
            device.subscribe(Request.ATTEST_BEGIN.accepted("dev-sq1"));
            device.publish(Request.ATTEST_BEGIN.topic("dev-sq1"), "begin");

            assertThat(device.awaitMessageOn(Request.ATTEST_BEGIN.accepted("dev-sq1"), new ArrayList<>())).get()
                    .extracting(TestDevice.Received::text).isEqualTo("begin");
            assertThat(HANDLER.next(WAIT)).get().extracting(RecordingHandler.Seen::who)
                    .isEqualTo(new ClientIdentity.Unenrolled("dev-sq1"));
        }
    }

    @Test
    void certificate_holder_renews_while_a_certificate_less_client_holds_its_id() throws Exception {
        try (TestDevice squatter = enrolling("dev-sq2"); TestDevice device = enrolled("dev-sq2")) {
            device.publish(Request.RENEW.topic("dev-sq2"), "renew");

            assertThat(HANDLER.next(WAIT)).get().extracting(RecordingHandler.Seen::who)
                    .isEqualTo(new ClientIdentity.Device("dev-sq2", RequestRoute.UNKNOWN_SERIAL));
        }
    }

    // Finding 2: session inheritance. Mosquitto hands the session over (session present = 1,
    // subscriptions moved); what keeps the device's messages from the squatter is the enrollment
    // listener's ACL, checked on queued messages at takeover and on every later delivery.

    @Test
    void device_resuming_its_own_session_gets_the_notice_queued_while_it_was_away() throws Exception {
        ServerCredential credential = pki.client("dev-own");
        givenDeviceLeftASessionWithItsSubscriptions("dev-own", credential);
        bridge.publish(BrokerTopics.notice("dev-own"), "revoked".getBytes(StandardCharsets.UTF_8)).get();

        try (TestDevice device = TestDevice.resume(devicePort, "dev-own", pki.trusted(), Optional.of(credential), SESSION_EXPIRY)) {
            assertThat(device.sessionPresent()).isTrue();
            assertThat(device.awaitMessageOn(BrokerTopics.notice("dev-own"), new ArrayList<>())).get()
                    .extracting(TestDevice.Received::text).isEqualTo("revoked");
        }
    }

    @Test
    void certificate_less_client_resuming_a_devices_session_receives_none_of_its_messages() throws Exception {
        givenDeviceLeftASessionWithItsSubscriptions("dev-inh", pki.client("dev-inh"));
        bridge.publish(BrokerTopics.notice("dev-inh"), "queued while away".getBytes(StandardCharsets.UTF_8)).get();

        try (TestDevice squatter = TestDevice.resume(enrollPort, "dev-inh", pki.trusted(), Optional.empty(), SESSION_EXPIRY)) {
            bridge.publish(BrokerTopics.notice("dev-inh"), "sent while squatted".getBytes(StandardCharsets.UTF_8)).get();

            thenOnlyOwnAttestRepliesArrive(squatter, "dev-inh");
        }
    }

    /** Device {@code id} connects with its certificate and a lasting session, subscribes to all its topics, and leaves. */
    private static void givenDeviceLeftASessionWithItsSubscriptions(String id, ServerCredential credential) throws Exception {
        try (TestDevice device = TestDevice.resume(devicePort, id, pki.trusted(), Optional.of(credential), SESSION_EXPIRY)) {
            device.subscribe(BrokerTopics.deviceRoot(id) + "#");
            device.subscribe(BrokerTopics.notice(id));
        }
    }

    /**
     * Makes {@code client} attest as {@code id} and waits for the reply. Queued messages are sent
     * right after CONNACK and the bridge published everything else before this request, so any of
     * the device's messages the broker let through would have arrived first.
     */
    private static void thenOnlyOwnAttestRepliesArrive(TestDevice client, String id) throws Exception {
        client.subscribe(Request.ATTEST_BEGIN.accepted(id));
        client.publish(Request.ATTEST_BEGIN.topic(id), "fence");
        List<TestDevice.Received> before = new ArrayList<>();
        assertThat(client.awaitMessageOn(Request.ATTEST_BEGIN.accepted(id), before)).isPresent();
        assertThat(before).extracting(TestDevice.Received::topic).allMatch(Request.ATTEST_BEGIN.accepted(id)::equals);
    }

    private static TestDevice enrolling(String deviceId) throws Exception {
        return TestDevice.connect(enrollPort, deviceId, pki.trusted(), Optional.empty());
    }

    private static TestDevice enrolled(String deviceId) throws Exception {
        return TestDevice.connect(devicePort, deviceId, pki.trusted(), Optional.of(pki.client(deviceId)));
    }

    /** Run as root, Mosquitto drops to user "mosquitto", which cannot read a @TempDir or a 600 key of root's. */
    private static MosquittoSettings runnable(MosquittoSettings settings) {
        return "root".equals(System.getProperty("user.name")) ? settings.withProcessUser("root") : settings;
    }
}
