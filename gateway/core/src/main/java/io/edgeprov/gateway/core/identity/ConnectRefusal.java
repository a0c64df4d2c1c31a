package io.edgeprov.gateway.core.identity;

/** Why a client was refused at connect; each transport maps these to its own reason codes. */
public enum ConnectRefusal {
    /** The client id is empty or not a valid device id (for example it holds {@code /}, {@code +} or {@code #}). */
    CLIENT_ID_INVALID,
    /**
     * A client without a certificate asked for the id of a client that is connected with its device
     * certificate: taking it over would let anyone cut an enrolled device off by reusing its id. (A
     * connection without a certificate may be taken over by another one: whoever merely squats an id
     * must never keep the real device out.)
     */
    CLIENT_ID_IN_USE,
    /**
     * A client without a certificate would exceed the cap on such connections, from its source address
     * or in total: they cost the gateway memory and open files before anyone has proved anything.
     */
    UNENROLLED_CONNECTIONS_EXCEEDED,
    /** The certificate names one device and the client id another. */
    CLIENT_ID_MISMATCH,
    /** The chain does not lead to the gateway CA, or a signature or extension in it is wrong. */
    CERTIFICATE_UNTRUSTED,
    /** The certificate is past its notAfter at the gateway's clock. */
    CERTIFICATE_EXPIRED,
    /** The certificate's notBefore is still in the future at the gateway's clock. */
    CERTIFICATE_NOT_YET_VALID,
    /** The registry lists the certificate's serial as revoked. */
    CERTIFICATE_REVOKED,
    /**
     * The certificate chains to the gateway CA but the registry never recorded its serial. The gateway
     * records every certificate before it hands it out, so this one was not legitimately issued (a
     * leaked CA key, or a registry restored from an older copy).
     */
    CERTIFICATE_UNRECORDED,
    /** The certificate has no SAN URI naming a device of this fleet, or more than one. */
    CERTIFICATE_NO_DEVICE_NAME,
    /** The certificate lacks the clientAuth extended key usage. */
    CERTIFICATE_NOT_CLIENT_AUTH,
    /** The revocation status could not be read; refusing is the safe answer. */
    REVOCATION_UNKNOWN
}
