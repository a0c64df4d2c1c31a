package io.edgeprov.sim.device;

/** Why a {@link DeviceTransport} operation failed. */
public enum TransportFailure {
    /** The TLS context could not be built (trust anchors, key manager). */
    TLS_SETUP,
    /** The broker or the network refused the connection, or the handshake failed. */
    CONNECT_FAILED,
    /** The broker refused the connection as Banned (MQTT 5 reason 0x8A): the gateway revoked or barred this certificate. */
    BANNED,
    /**
     * The broker ended the TLS handshake with the {@code certificate_revoked} alert: it found this
     * certificate on the CRL it checks (Mosquitto in external mode).
     */
    REVOKED_AT_HANDSHAKE,
    /** An operation needs a connection and there is none. */
    NOT_CONNECTED,
    /** The broker refused a subscription. */
    SUBSCRIBE_REFUSED,
    /** A publish could not be delivered to the broker. */
    PUBLISH_FAILED,
    /** The operation did not complete within its timeout. */
    TIMED_OUT
}
