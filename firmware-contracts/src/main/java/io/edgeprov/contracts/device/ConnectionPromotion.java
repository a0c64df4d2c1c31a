package io.edgeprov.contracts.device;

/**
 * The one-handshake enrollment on MQTT 5 (docs/decisions/0036): when the gateway grants a device's rights
 * to the very connection that began and finished its attestation, the publish carrying the
 * {@link CredentialBundle} on {@code attest/finish/accepted} has the MQTT 5 user property
 * {@link #USER_PROPERTY} = {@link #DEVICE}. A device that sees it may keep that connection (renew on it,
 * subscribe to {@code prov/v1/{deviceId}/#}); without it (MQTT 3.1.1, Mosquitto mode, another
 * connection) it reconnects with its new certificate. Ignoring the property is always correct.
 */
public final class ConnectionPromotion {
    /** The user property's name. */
    public static final String USER_PROPERTY = "edgeprov-connection";
    /** Its value: this connection now holds the rights of the device's new certificate. */
    public static final String DEVICE = "device";

    private ConnectionPromotion() {
    }
}
