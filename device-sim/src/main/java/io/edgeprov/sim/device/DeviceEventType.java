package io.edgeprov.sim.device;

/** What a device recorded. */
public enum DeviceEventType {
    ENROLLED,
    RENEWED,
    /** A renewal was answered with a new certificate for a new TPM key. */
    KEY_ROTATED,
    /** The gateway refused a request; the event carries the code. */
    REFUSED,
    /** A step failed on the device's side; the event carries the failure. */
    FAILED,
    /** A renewal was refused with REATTESTATION_REQUIRED or the certificate expired: attesting again. */
    REATTESTING,
    CONNECTION_LOST,
    RECONNECTED,
    /**
     * The certificate the device holds was revoked: recorded once, by whichever path told the device
     * first (the event carries the path and, when known, the latency); the device then stops.
     */
    REVOKED,
    /**
     * A revocation notice named a certificate other than the one the device holds (one a renewal
     * superseded, revoked together with the current one): recorded, not acted on.
     */
    NOTICE_FOR_OTHER_CERTIFICATE,
    /** The device stopped retrying attestation: a refusal that retrying cannot fix, or out of attempts. */
    GAVE_UP,
    STOPPED
}
