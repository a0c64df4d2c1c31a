package io.edgeprov.gateway.mqtt.embedded;

/** Why the embedded broker could not be started, used or stopped. */
public enum BrokerFailure {
    /** The private folder, config.xml or the key and trust stores could not be written. */
    CONFIG_WRITE_FAILED,
    /** The configured MQTT port is taken (or the bind address is not this machine's); found before HiveMQ starts. */
    PORT_IN_USE,
    /** HiveMQ itself did not start (port taken, bad configuration, timeout). */
    START_FAILED,
    /** HiveMQ started but the gateway's extension did not finish its start, so the broker was stopped. */
    EXTENSION_NOT_READY,
    /** The broker was already started once; HiveMQ instances cannot be restarted. */
    ALREADY_STARTED,
    /** The operation needs a running broker. */
    NOT_RUNNING,
    /** Stopping or closing HiveMQ failed or timed out. */
    STOP_FAILED
}
