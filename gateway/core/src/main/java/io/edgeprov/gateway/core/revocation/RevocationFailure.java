package io.edgeprov.gateway.core.revocation;

/** Why a revocation or CRL rebuild failed; the one failure-cause enum of the revocation boundary. */
public enum RevocationFailure {
    /** The principal may not revoke devices; the refusal is audited. */
    NOT_PERMITTED,
    /** The device has no unrevoked, unexpired certificate to revoke. */
    NO_CURRENT_CERTIFICATE,
    /** Only a certificateHold can be released (RFC 5280); the device holds no certificate on hold. */
    NOT_ON_HOLD,
    /** The batch names something that does not exist (an enrollment group id). */
    NO_SUCH_TARGET,
    /** The registry refused or failed the write (closed, storage error, concurrent revocation). */
    REGISTRY_FAILED,
    /** The CA key could not sign the CRL. */
    CRL_SIGNING_FAILED,
    /** The CRL number file or the CRL files in the data folder could not be read or written. */
    CRL_STORAGE_FAILED
}
