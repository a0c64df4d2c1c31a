package io.edgeprov.tests.upstream;

/**
 * The queue type RabbitMQ's MQTT plugin declares for a QoS 1 subscription of a clean_session=false
 * client ({@code mqtt-subscription-<client id>qos1}). Set through the plugin's
 * {@code durable_queue_type} in advanced.config: 3.10 reads it but its rabbitmq.conf schema has no key.
 */
public enum SubscriptionQueues {
    /** Replicated on every node (Raft): the session's messages survive the loss of a minority of nodes. */
    QUORUM,
    /** The plugin's default: the queue lives on the node the client subscribed through, and only there. */
    CLASSIC
}
