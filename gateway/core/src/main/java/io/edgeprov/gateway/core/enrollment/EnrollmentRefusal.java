package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.WireErrorCode;

/**
 * Why an enrollment or renewal step was refused: the one failure-cause enum of the enrollment boundary.
 * Each cause maps to the wire code the device sees and a short reason that never holds a value from
 * the request; the precise detail goes to the log and the audit reason code is the cause's name.
 */
public enum EnrollmentRefusal {
    MALFORMED_EVIDENCE(WireErrorCode.MALFORMED_MESSAGE, "a TPM structure or the CSR does not parse"),
    RATE_LIMITED(WireErrorCode.RATE_LIMITED, "too many requests for this device"),
    NOT_ENROLLED(WireErrorCode.NOT_ENROLLED, "no enrollment allows this device"),
    SERIAL_PATTERN_MISMATCH(WireErrorCode.NOT_ENROLLED, "no group enrollment admits this serial"),
    ENROLLMENT_DISABLED(WireErrorCode.ENROLLMENT_DISABLED, "the enrollment is disabled"),
    DEVICE_DISABLED(WireErrorCode.ENROLLMENT_DISABLED, "the device is disabled"),
    DEVICE_REVOKED(WireErrorCode.DEVICE_REVOKED, "the device is revoked"),
    EK_MISMATCH(WireErrorCode.EK_MISMATCH, "the EK does not match the enrollment"),
    EK_NOT_STORAGE_KEY(WireErrorCode.EK_MISMATCH, "the EK is not a restricted storage key"),
    EK_CERTIFICATE_MISSING(WireErrorCode.EK_CERTIFICATE_INVALID, "a group enrollment needs the EK certificate"),
    EK_CERTIFICATE_INVALID(WireErrorCode.EK_CERTIFICATE_INVALID, "the EK certificate is not valid"),
    EK_CERTIFICATE_UNTRUSTED(WireErrorCode.EK_CERTIFICATE_INVALID,
            "the EK certificate does not chain to a trusted manufacturer root"),
    EK_CERTIFICATE_KEY_MISMATCH(WireErrorCode.EK_MISMATCH, "the EK certificate is not for this EK"),
    AK_ATTRIBUTES_INVALID(WireErrorCode.AK_ATTRIBUTES_INVALID, "the AK attributes are not acceptable"),
    CHALLENGE_UNKNOWN(WireErrorCode.CHALLENGE_UNKNOWN, "no such challenge for this device"),
    CHALLENGE_EXPIRED(WireErrorCode.CHALLENGE_EXPIRED, "the challenge expired"),
    CHALLENGE_REPLAYED(WireErrorCode.CHALLENGE_REPLAYED, "the challenge was already used"),
    SECRET_PROOF_INVALID(WireErrorCode.SECRET_PROOF_INVALID, "the secret proof does not match"),
    ATTESTATION_SIGNATURE_INVALID(WireErrorCode.ATTESTATION_SIGNATURE_INVALID, "the AK signature does not verify"),
    ATTESTATION_MALFORMED(WireErrorCode.ATTESTATION_MALFORMED, "the attestation is not a TPM2_Certify result"),
    QUALIFYING_DATA_MISMATCH(WireErrorCode.QUALIFYING_DATA_MISMATCH, "the qualifying data is not this request's"),
    CERTIFIED_NAME_MISMATCH(WireErrorCode.CERTIFIED_NAME_MISMATCH, "the certified Name is not the device key's"),
    DEVICE_KEY_ATTRIBUTES_INVALID(WireErrorCode.DEVICE_KEY_ATTRIBUTES_INVALID,
            "the device key is not a TPM-bound signing key"),
    CSR_KEY_MISMATCH(WireErrorCode.CSR_KEY_MISMATCH, "the CSR key is not the expected key"),
    CSR_SIGNATURE_INVALID(WireErrorCode.CSR_SIGNATURE_INVALID, "the CSR signature does not verify"),
    KEY_TYPE_NOT_ALLOWED(WireErrorCode.KEY_TYPE_NOT_ALLOWED, "the key type is not allowed"),
    CERTIFICATE_UNKNOWN(WireErrorCode.NOT_AUTHORIZED, "the presented certificate is not on record"),
    CERTIFICATE_REVOKED(WireErrorCode.CERTIFICATE_REVOKED, "the presented certificate is revoked"),
    CERTIFICATE_EXPIRED(WireErrorCode.CERTIFICATE_EXPIRED, "the presented certificate has expired"),
    DEVICE_MISMATCH(WireErrorCode.DEVICE_MISMATCH, "the certificate names another device"),
    DEVICE_NOT_ACTIVE(WireErrorCode.NOT_AUTHORIZED, "the device holds no active enrollment"),
    REATTESTATION_REQUIRED(WireErrorCode.REATTESTATION_REQUIRED, "policy requires a full attestation"),
    INTERNAL_ERROR(WireErrorCode.INTERNAL_ERROR, "the gateway failed; retry later");

    private final WireErrorCode wireCode;
    private final String reason;

    EnrollmentRefusal(WireErrorCode wireCode, String reason) {
        this.wireCode = wireCode;
        this.reason = reason;
    }

    /** The code the device receives. */
    public WireErrorCode wireCode() {
        return wireCode;
    }

    /** The short, value-free reason the device receives. */
    public String reason() {
        return reason;
    }
}
