package io.edgeprov.gateway.mqtt.external;

/** Why external-broker mode could not do what was asked. */
public enum ExternalBrokerFailure {
    /** A Mosquitto file could not be written or replaced. */
    FILES_UNWRITABLE,
    /** A certificate or key could not be encoded for Mosquitto. */
    CREDENTIAL_UNUSABLE,
    /** The TLS material for the gateway's own client could not be loaded. */
    TLS_SETUP_FAILED,
    /** The broker refused the gateway's connection or the TLS handshake failed. */
    CONNECT_FAILED,
    /** The broker refused one of the gateway's subscriptions. */
    SUBSCRIBE_REFUSED,
    /** The broker did not answer in time. */
    TIMED_OUT,
    /** A publish was refused or could not be sent. */
    PUBLISH_FAILED,
    /** The broker could not be told to reload its files. */
    RELOAD_FAILED,
    /** Mosquitto's dynamic-security plugin is not installed, or Mosquitto does not run it on the mTLS listener. */
    DYNAMIC_SECURITY_MISSING,
    /** The dynamic-security plugin holds clients, roles, groups or default grants the gateway did not write. */
    DYNAMIC_SECURITY_STATE,
    /** The dynamic-security plugin refused a cut-off, or did not confirm it in time. */
    CUT_OFF_FAILED
}
