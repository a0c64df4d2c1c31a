package io.edgeprov.sim.device;

/** Why a device step (enroll, renew, reconnect) failed on the device's side of the wire. */
public enum DeviceFailure {
    /** The gateway answered with a Rejection; its {@code WireErrorCode} says why. */
    REJECTED,
    /** No reply within the step's timeout. */
    TIMED_OUT,
    /** Connect, subscribe or publish failed, or the connection dropped mid-step. */
    TRANSPORT,
    /** A TPM command failed. */
    TPM,
    /** The gateway's reply broke the contract or did not fit the request (wrong key, bad certificate). */
    BAD_REPLY,
    /** Renewal was asked for without a certificate. */
    NO_CREDENTIAL,
    /** The device's certificate was revoked: it neither renews nor attests again. */
    REVOKED
}
