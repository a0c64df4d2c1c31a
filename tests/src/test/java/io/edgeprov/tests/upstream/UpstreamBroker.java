package io.edgeprov.tests.upstream;

import java.util.List;

/**
 * A fleet upstream MQTT broker (MQTT 3.1.1, plain TCP on loopback) that a test starts, partly
 * stops and closes. Every process it starts is a child of the test JVM, stopped by its PID; its
 * files live in one temporary folder that {@link #close()} deletes.
 *
 * <pre>
 * try (UpstreamBroker upstream = RabbitMqCluster.threeNodes(folder)) {   // or MosquittoUpstream.single(folder)
 *     upstream.start();
 *     MqttEndpoint a = upstream.nodes().get(0);
 *     upstream.stopNode(0);   // node loss; its data stays
 *     upstream.startNode(0);  // same ports, same data
 * }
 * </pre>
 */
public interface UpstreamBroker extends AutoCloseable {

    /** A short name for test reports, e.g. {@code rabbitmq-3-nodes}. */
    String name();

    /** One endpoint per node, in node order; the same before start and across restarts. */
    List<MqttEndpoint> nodes();

    /** The user every node accepts. */
    UpstreamCredentials credentials();

    /** Starts every node; returns once each takes MQTT connections and, for a cluster, all nodes are members. */
    void start() throws Exception;

    /** Stops one node gracefully (SIGTERM to its PID) and waits until it and its child processes are gone; its data stays. */
    void stopNode(int node) throws Exception;

    /** Starts a stopped node again on its ports and data; returns once it takes MQTT connections. */
    void startNode(int node) throws Exception;

    /** Stops every process this broker started, by PID, and deletes its folder. */
    @Override
    void close() throws Exception;
}
