package io.edgeprov.sim.device;

/**
 * Which sign told a device first that its certificate was revoked. A device can meet all three for
 * one revocation (the gateway sends the notice, then cuts the connection); it reports only the first.
 */
public enum RevocationPath {
    /** A {@code RevocationNotice} on the device's notice topic named the certificate it holds. */
    NOTICE,
    /**
     * A connect with the certificate was refused as revoked: MQTT 5 CONNACK Banned from the embedded
     * broker, or the TLS {@code certificate_revoked} alert from a broker that checks a CRL (Mosquitto).
     * Typically the connection was cut first and the notice lost with it, or the device was offline.
     */
    REFUSED_RECONNECT,
    /** A renewal was refused with {@code DEVICE_REVOKED} (600, what the gateway sends) or {@code CERTIFICATE_REVOKED} (303). */
    REFUSED_RENEWAL
}
