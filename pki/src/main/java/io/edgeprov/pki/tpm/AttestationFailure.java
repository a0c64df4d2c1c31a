package io.edgeprov.pki.tpm;

/**
 * Why TPM evidence was refused: one constant per refusal, so the gateway can map each to a wire
 * error code and a metric label. Constants are never renamed or reused.
 */
public enum AttestationFailure {
    /** The EK public area could not be parsed or is not a usable key. */
    EK_MALFORMED,
    /** The EK is not a restricted decryption key with an AES symmetric algorithm, so MakeCredential cannot target it. */
    EK_NOT_STORAGE_KEY,

    /** The AK public area could not be parsed or is not a usable key. */
    AK_MALFORMED,
    AK_NOT_FIXED_TPM,
    AK_NOT_FIXED_PARENT,
    AK_NOT_SENSITIVE_DATA_ORIGIN,
    AK_NOT_RESTRICTED,
    AK_NOT_SIGNING,
    AK_CAN_DECRYPT,

    /** The TPMT_SIGNATURE could not be parsed. */
    SIGNATURE_MALFORMED,
    /** The signature's scheme or hash does not fit the AK (key type or the AK's fixed scheme). */
    SIGNATURE_SCHEME_MISMATCH,
    /** The AK signature over the TPMS_ATTEST bytes does not verify. */
    SIGNATURE_INVALID,
    /** The signed bytes do not start with TPM_GENERATED: not produced by the TPM itself. */
    ATTEST_NOT_TPM_GENERATED,
    /** The attestation is not a TPM2_Certify result. */
    ATTEST_WRONG_TYPE,
    /** The TPMS_ATTEST could not be parsed. */
    ATTEST_MALFORMED,
    /** extraData is not the qualifying data bound to this challenge. */
    EXTRA_DATA_MISMATCH,

    /** The device key public area could not be parsed or is not a usable key. */
    DEVICE_KEY_MALFORMED,
    /** The Name the AK certified is not the Name of the presented device key. */
    CERTIFIED_NAME_MISMATCH,
    DEVICE_KEY_NOT_FIXED_TPM,
    DEVICE_KEY_NOT_FIXED_PARENT,
    DEVICE_KEY_NOT_SENSITIVE_DATA_ORIGIN,
    DEVICE_KEY_NOT_SIGNING,
    DEVICE_KEY_CAN_DECRYPT,
    DEVICE_KEY_RESTRICTED,

    /** The CSR is not a parsable PKCS#10 request with a supported signature algorithm. */
    CSR_MALFORMED,
    /** The CSR's key is not the certified device key. */
    CSR_KEY_MISMATCH,
    /** The CSR's self-signature does not verify. */
    CSR_SIGNATURE_INVALID,

    /** The proof of the credential secret does not match the challenge. */
    CREDENTIAL_PROOF_MISMATCH,

    /** The EK certificate is not parsable DER X.509. */
    EK_CERT_MALFORMED,
    /** The certificate lacks the TCG EK marks: EK EKU 2.23.133.8.1 or keyEncipherment/keyAgreement, or is a CA. */
    EK_CERT_NOT_EK_CERT,
    /** The certificate's key is not the presented EK. */
    EK_CERT_KEY_MISMATCH,
    /** The certificate does not chain to a configured manufacturer root. */
    EK_CERT_UNTRUSTED,
    /** The certificate or one in its chain has expired. */
    EK_CERT_EXPIRED,
    /** The certificate or one in its chain is not valid yet. */
    EK_CERT_NOT_YET_VALID
}
