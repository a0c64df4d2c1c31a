package io.edgeprov.gateway.app;

/** Which step of {@link GatewayApplication#start()} failed; the one failure-cause enum of the application boundary. */
public enum StartFailure {
    /** The data folder could not be created or is not writable. */
    DATA_DIR,
    /** The SQLite registry could not be opened or migrated. */
    REGISTRY,
    /** The CA key store could not be opened (file, passphrase, token, PIN). */
    CA_KEY_STORE,
    /** The CA certificate is unusable (expired, not a CA) or the broker's server certificate could not be issued. */
    CERTIFICATE_AUTHORITY,
    /** The first CRL could not be built or written. */
    CRL,
    /** The MQTT broker did not start. */
    BROKER,
    /** The CoAP front end did not start (its UDP port is taken, say). */
    COAP,
    /** The mode asked for is not one this application runs. */
    UNSUPPORTED_MODE,
    /** External mode: Mosquitto's files could not be written, or the bridge could not connect to it in time. */
    EXTERNAL_BROKER,
    /** Upstream sync is configured but its identity, fleet root or broker trust cannot be read. */
    UPSTREAM,
    /** The health and metrics endpoint could not bind. */
    HEALTH_ENDPOINT,
    /** The application was already started or stopped; make a new one. */
    LIFECYCLE
}
