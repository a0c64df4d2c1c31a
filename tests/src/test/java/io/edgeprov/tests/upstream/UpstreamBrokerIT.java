package io.edgeprov.tests.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves the fleet upstream harness against the real brokers, the way the sync suites will use it:
 * gateways are MQTT 3.1.1 clients with a stable client id, clean_session=false and QoS 1. Each
 * broker is started once for the class (a RabbitMQ cluster takes tens of seconds on two cores) and
 * every test leaves all its nodes running. Start-up times go to target/upstream-broker-figures.txt.
 */
class UpstreamBrokerIT {
    private static final Duration DELIVERY = Duration.ofSeconds(20);
    /** How long a message that should not come is given to come anyway. */
    private static final Duration ABSENCE = Duration.ofSeconds(3);

    @TempDir
    static Path folder;
    private static final Map<String, UpstreamBroker> STARTED = new LinkedHashMap<>();
    /** A broker that failed to start fails the other tests at once instead of starting again. */
    private static final Map<String, Exception> FAILED = new LinkedHashMap<>();
    private static final StringBuilder FIGURES = new StringBuilder();

    static Stream<String> brokers() {
        return Stream.of("rabbitmq", "mosquitto");
    }

    static Stream<String> clusters() {
        return Stream.of("rabbitmq");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void a_qos1_message_published_on_one_node_reaches_a_subscriber_on_another(String kind) throws Exception {
        UpstreamBroker upstream = started(kind);
        String topic = topic();
        try (QosOneClient subscriber = connect(upstream, last(upstream), clientId("sub"));
                QosOneClient publisher = connect(upstream, 0, clientId("pub"))) {
            assertThat(subscriber.subscribe(topic + "/#")).isEqualTo(1);

            publisher.publish(topic + "/revoked", "serial-1", false);

            assertThat(subscriber.nextMessage(DELIVERY)).contains("serial-1");
        }
    }

    /**
     * The node a gateway is attached to stops; a message is published meanwhile on another node (on a
     * single Mosquitto: after it is back, before the gateway reconnects); the gateway reconnects with
     * the same client id to its restarted node and finds its session and the message.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("brokers")
    void a_subscriber_whose_node_stopped_gets_what_was_published_meanwhile_from_the_restarted_node(String kind)
            throws Exception {
        UpstreamBroker upstream = started(kind);
        int attached = last(upstream);
        String topic = topic();
        String gateway = clientId("gw-b");
        try (QosOneClient subscriber = connect(upstream, attached, gateway)) {
            assertThat(subscriber.subscribe(topic + "/#")).isEqualTo(1);
            upstream.stopNode(attached);
            assertThat(subscriber.awaitConnectionLost(DELIVERY)).as("the client noticed its node stop").isTrue();
        }
        boolean anotherNode = upstream.nodes().size() > 1;
        if (anotherNode) {
            publishOnce(upstream, 0, topic + "/revoked", "serial-2");
        }
        upstream.startNode(attached);
        if (!anotherNode) {
            publishOnce(upstream, 0, topic + "/revoked", "serial-2");
        }

        try (QosOneClient back = connect(upstream, attached, gateway)) {
            assertThat(back.sessionPresent()).as("session present").isTrue();
            assertThat(back.nextMessage(DELIVERY)).contains("serial-2");
        }
    }

    /**
     * RabbitMQ with quorum subscription queues: while the gateway's node is still down, the gateway
     * reconnects to another node with the same client id and gets its session and the message there.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_subscriber_whose_node_is_down_gets_what_was_published_meanwhile_from_another_node(String kind) throws Exception {
        UpstreamBroker upstream = started(kind);
        int attached = last(upstream);
        String topic = topic();
        String gateway = clientId("gw-b");
        try (QosOneClient subscriber = connect(upstream, attached, gateway)) {
            assertThat(subscriber.subscribe(topic + "/#")).isEqualTo(1);
            upstream.stopNode(attached);
            assertThat(subscriber.awaitConnectionLost(DELIVERY)).isTrue();
        }
        try {
            publishOnce(upstream, 0, topic + "/revoked", "serial-3");
            try (QosOneClient elsewhere = connect(upstream, 1, gateway)) {
                assertThat(elsewhere.sessionPresent()).as("session present").isTrue();
                assertThat(elsewhere.nextMessage(DELIVERY)).contains("serial-3");
            }
        } finally {
            upstream.startNode(attached);
        }
    }

    /**
     * RabbitMQ 3.10 keeps retained messages per node (in a DETS file of the node the publisher was
     * connected to): a new subscriber gets the retained message through that node, not through another.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_retained_message_is_only_known_to_the_node_it_was_published_through(String kind) throws Exception {
        UpstreamBroker upstream = started(kind);
        String topic = topic() + "/crl";
        publishOnce(upstream, 0, topic, "crl-1", true);

        try (QosOneClient sameNode = connect(upstream, 0, clientId("late-0"));
                QosOneClient otherNode = connect(upstream, 1, clientId("late-1"))) {
            sameNode.subscribe(topic);
            otherNode.subscribe(topic);

            assertThat(sameNode.nextMessage(DELIVERY)).contains("crl-1");
            assertThat(otherNode.nextMessage(ABSENCE)).isEmpty();
        }
    }

    /**
     * RabbitMQ 3.10 looks retained messages up by the subscription's exact topic: a subscription
     * with a wildcard gets none, even on the node that holds it.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_retained_message_is_not_sent_to_a_wildcard_subscription(String kind) throws Exception {
        UpstreamBroker upstream = started(kind);
        String topic = topic();
        publishOnce(upstream, 0, topic + "/crl", "crl-2", true);

        try (QosOneClient wildcard = connect(upstream, 0, clientId("late-w"))) {
            wildcard.subscribe(topic + "/#");

            assertThat(wildcard.nextMessage(ABSENCE)).isEmpty();
        }
    }

    /**
     * RabbitMQ routes MQTT topics as AMQP routing keys, {@code /} turned into {@code .}: a dot inside a
     * topic level splits it, so a single-level wildcard misses the message and it arrives with slashes.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("clusters")
    void a_dot_in_a_topic_level_becomes_a_level_separator(String kind) throws Exception {
        UpstreamBroker upstream = started(kind);
        String topic = topic();
        try (QosOneClient oneLevel = connect(upstream, 0, clientId("plus"));
                QosOneClient anyLevels = connect(upstream, 0, clientId("hash"))) {
            oneLevel.subscribe(topic + "/+/revoked");
            anyLevels.subscribe(topic + "/#");

            publishOnce(upstream, 1, topic + "/gw.one/revoked", "serial-4");

            assertThat(anyLevels.nextReceived(DELIVERY))
                    .contains(new QosOneClient.Received(topic + "/gw/one/revoked", "serial-4"));
            assertThat(oneLevel.nextMessage(ABSENCE)).isEmpty();
        }
    }

    @AfterAll
    static void close_every_broker_and_leave_no_process() throws Exception {
        List<Long> pids = new ArrayList<>();
        for (UpstreamBroker upstream : STARTED.values()) {
            if (upstream instanceof RabbitMqCluster cluster) {
                pids.addAll(cluster.pids());
                pids.addAll(cluster.pids().stream().flatMap(pid -> ProcessHandle.of(pid).stream())
                        .flatMap(ProcessHandle::descendants).map(ProcessHandle::pid).toList());
            } else if (upstream instanceof MosquittoUpstream mosquitto) {
                mosquitto.pid().ifPresent(pids::add);
            }
            long began = System.nanoTime();
            upstream.close();
            FIGURES.append(upstream.name()).append(": closed in ").append(Duration.ofNanos(System.nanoTime() - began).toMillis())
                    .append(" ms\n");
        }
        Files.createDirectories(Path.of("target"));
        Files.writeString(Path.of("target/upstream-broker-figures.txt"), FIGURES);
        assertThat(pids).as("processes the brokers started")
                .allSatisfy(pid -> assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).as("PID " + pid)
                        .isNotEqualTo(java.util.Optional.of(true)));
    }

    private static synchronized UpstreamBroker started(String kind) throws Exception {
        UpstreamBroker existing = STARTED.get(kind);
        if (existing != null) {
            return existing;
        }
        if (FAILED.containsKey(kind)) {
            throw new IllegalStateException(kind + " did not start", FAILED.get(kind));
        }
        long began = System.nanoTime();
        UpstreamBroker upstream = switch (kind) {
            case "rabbitmq" -> RabbitMqCluster.threeNodes(folder);
            case "mosquitto" -> MosquittoUpstream.single(folder);
            default -> throw new IllegalArgumentException(kind);
        };
        try {
            upstream.start();
        } catch (Exception e) {
            upstream.close();
            FAILED.put(kind, e);
            throw e;
        }
        STARTED.put(kind, upstream);
        FIGURES.append(upstream.name()).append(": started in ").append(Duration.ofNanos(System.nanoTime() - began).toMillis())
                .append(" ms (load average ").append(loadAverage()).append(")\n");
        if (upstream instanceof RabbitMqCluster cluster) {
            FIGURES.append("  ").append(cluster.startupPhases()).append('\n');
        }
        return upstream;
    }

    private static QosOneClient connect(UpstreamBroker upstream, int node, String clientId) throws Exception {
        return QosOneClient.connect(upstream.nodes().get(node), clientId, upstream.credentials());
    }

    private static void publishOnce(UpstreamBroker upstream, int node, String topic, String payload) throws Exception {
        publishOnce(upstream, node, topic, payload, false);
    }

    private static void publishOnce(UpstreamBroker upstream, int node, String topic, String payload, boolean retained)
            throws Exception {
        try (QosOneClient publisher = connect(upstream, node, clientId("pub"))) {
            publisher.publish(topic, payload, retained);
        }
    }

    private static int last(UpstreamBroker upstream) {
        return upstream.nodes().size() - 1;
    }

    private static String topic() {
        return "fleet/" + UUID.randomUUID().toString().substring(0, 8) + "/revocations";
    }

    private static String clientId(String role) {
        return role + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }
}
