package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10's findings replayed against the real Mosquitto 2.0 with the files the gateway writes
 * (docs/decisions/0008, points 8 to 10): squatting a device's client id, resuming a device's
 * session without its certificate, and the cap on certificate-less connections. Also issue 11's
 * dynamic-security plugin (docs/decisions/0022): only the gateway may command it.
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

    private static final int CAP = 3;
    private Optional<MosquittoProcess> capped = Optional.empty();
    private int cappedDevicePort;
    private int cappedEnrollPort;
    private final List<TestDevice> held = new ArrayList<>();

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

    @AfterEach
    void stop_the_capped_broker() throws Exception {
        for (TestDevice device : held) {
            device.close();
        }
        if (capped.isPresent()) {
            capped.get().close();
        }
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

    // Finding 5: certificate-less connections. Mosquitto caps them per listener (max_connections),
    // not per source address.

    @Test
    void certificate_less_connection_beyond_the_cap_is_refused() throws Exception {
        givenEnrollmentListenerFull();

        assertThatThrownBy(() -> TestDevice.connect(cappedEnrollPort, "dev-cap-over", pki.trusted(), Optional.empty()).close())
                .isInstanceOf(MqttException.class);
        assertThat(capped.orElseThrow().log()).contains("denied: max_connections exceeded");
    }

    @Test
    void certificate_less_connection_is_admitted_again_once_one_closes() throws Exception {
        givenEnrollmentListenerFull();
        assertThatThrownBy(() -> TestDevice.connect(cappedEnrollPort, "dev-cap-over", pki.trusted(), Optional.empty()).close())
                .as("refused while full").isInstanceOf(MqttException.class);

        held.remove(0).close();

        assertThat(connectsWithin(WAIT)).as("a certificate-less connect after one of " + CAP + " closed").isTrue();
    }

    @Test
    void certificate_holder_connects_while_the_enrollment_listener_is_full() throws Exception {
        givenEnrollmentListenerFull();

        try (TestDevice device = TestDevice.connect(cappedDevicePort, "dev-cap-cert", pki.trusted(),
                Optional.of(pki.client("dev-cap-cert")))) {
            assertThat(device.isConnected()).isTrue();
        }
    }

    // Issue 11: the dynamic-security plugin disconnects any device it is told to; only the gateway may tell it.

    @Test
    void certificate_holder_cannot_cut_another_device_off_through_the_plugin() throws Exception {
        try (TestDevice victim = enrolled("dev-dyn1"); TestDevice attacker = enrolled("dev-dyn2")) {
            int puback = attacker.publish(DynamicSecurityCommands.COMMAND_TOPIC,
                    DynamicSecurityCommands.cutOff("dev-dyn1", "attack"), Optional.empty());

            assertThat(puback).as("PUBACK reason: not authorized").isEqualTo(135);
            thenStillConnected(victim, "dev-dyn1");
        }
    }

    @Test
    void certificate_less_client_cannot_cut_a_device_off_through_the_plugin() throws Exception {
        try (TestDevice victim = enrolled("dev-dyn3"); TestDevice attacker = enrolling("dev-dyn4")) {
            int puback = attacker.publish(DynamicSecurityCommands.COMMAND_TOPIC,
                    DynamicSecurityCommands.cutOff("dev-dyn3", "attack"), Optional.empty());

            assertThat(puback).as("PUBACK reason: not authorized").isEqualTo(135);
            thenStillConnected(victim, "dev-dyn3");
        }
    }

    @Test
    void device_reads_none_of_the_plugins_answers() throws Exception {
        try (TestDevice listener = enrolled("dev-dyn5")) {
            listener.subscribe(DynamicSecurityCommands.RESPONSE_TOPIC);
            listener.subscribe(BrokerTopics.notice("dev-dyn5"));
            bridge.publish(DynamicSecurityCommands.COMMAND_TOPIC, DynamicSecurityCommands.stateProbe("probe")).get();
            // A fence: the notice is published after the command was answered, so an answer let through came first.
            bridge.publish(BrokerTopics.notice("dev-dyn5"), "fence".getBytes(StandardCharsets.UTF_8)).get();

            List<TestDevice.Received> before = new ArrayList<>();
            assertThat(listener.awaitMessageOn(BrokerTopics.notice("dev-dyn5"), before)).isPresent();
            assertThat(before).isEmpty();
        }
    }

    /** The device's own request still reaches the gateway: the broker holds its connection and grants. */
    private static void thenStillConnected(TestDevice device, String id) throws Exception {
        assertThat(device.publish(Request.RENEW.topic(id), "still here")).as("PUBACK reason").isLessThan(0x80);
        assertThat(HANDLER.next(WAIT)).get().extracting(RecordingHandler.Seen::payload).isEqualTo("still here");
        assertThat(device.isConnected()).isTrue();
    }

    /** Starts a Mosquitto whose enrollment listener takes {@link #CAP} connections, and fills it. */
    private void givenEnrollmentListenerFull() throws Exception {
        cappedDevicePort = MosquittoProcess.freePort();
        cappedEnrollPort = MosquittoProcess.freePort();
        Path at = folder.resolve("capped-" + cappedEnrollPort);
        MosquittoFiles files = MosquittoFiles.write(at,
                runnable(MosquittoSettings.of("127.0.0.1", cappedDevicePort, cappedEnrollPort, MosquittoPki.GATEWAY_ID)
                        .withMaxEnrollConnections(CAP)),
                pki.server(), pki.trusted(), pki.crl());
        capped = Optional.of(MosquittoProcess.start(files.configFile(), at.resolve("mosquitto.log"), cappedDevicePort,
                cappedEnrollPort));
        for (int i = 0; i < CAP; i++) {
            held.add(TestDevice.connect(cappedEnrollPort, "dev-cap-" + i, pki.trusted(), Optional.empty()));
        }
    }

    /** Probes until a certificate-less connect succeeds: Mosquitto frees a slot when it has handled the disconnect. */
    private boolean connectsWithin(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                held.add(TestDevice.connect(cappedEnrollPort, "dev-cap-again", pki.trusted(), Optional.empty()));
                return true;
            } catch (MqttException e) {
                // Still full; the failed handshake is the pause between probes.
            }
        }
        return false;
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
