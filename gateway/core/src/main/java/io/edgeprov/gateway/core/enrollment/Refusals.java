package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.pki.CsrRefusal;
import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.AttestationFailure;

/** Maps the pki boundary's failure causes onto the enrollment boundary's. */
final class Refusals {

    private Refusals() {
    }

    static StepRefused of(AttestationException e) {
        return new StepRefused(map(e.failure()), e.getMessage());
    }

    static EnrollmentRefusal map(AttestationFailure failure) {
        return switch (failure) {
            case EK_MALFORMED, AK_MALFORMED, DEVICE_KEY_MALFORMED, SIGNATURE_MALFORMED, CSR_MALFORMED ->
                    EnrollmentRefusal.MALFORMED_EVIDENCE;
            case EK_NOT_STORAGE_KEY -> EnrollmentRefusal.EK_NOT_STORAGE_KEY;
            case AK_NOT_FIXED_TPM, AK_NOT_FIXED_PARENT, AK_NOT_SENSITIVE_DATA_ORIGIN, AK_NOT_RESTRICTED, AK_NOT_SIGNING,
                    AK_CAN_DECRYPT -> EnrollmentRefusal.AK_ATTRIBUTES_INVALID;
            case SIGNATURE_SCHEME_MISMATCH, SIGNATURE_INVALID -> EnrollmentRefusal.ATTESTATION_SIGNATURE_INVALID;
            case ATTEST_NOT_TPM_GENERATED, ATTEST_WRONG_TYPE, ATTEST_MALFORMED -> EnrollmentRefusal.ATTESTATION_MALFORMED;
            case EXTRA_DATA_MISMATCH -> EnrollmentRefusal.QUALIFYING_DATA_MISMATCH;
            case CERTIFIED_NAME_MISMATCH -> EnrollmentRefusal.CERTIFIED_NAME_MISMATCH;
            case DEVICE_KEY_NOT_FIXED_TPM, DEVICE_KEY_NOT_FIXED_PARENT, DEVICE_KEY_NOT_SENSITIVE_DATA_ORIGIN,
                    DEVICE_KEY_NOT_SIGNING, DEVICE_KEY_CAN_DECRYPT, DEVICE_KEY_RESTRICTED ->
                    EnrollmentRefusal.DEVICE_KEY_ATTRIBUTES_INVALID;
            case CSR_KEY_MISMATCH -> EnrollmentRefusal.CSR_KEY_MISMATCH;
            case CSR_SIGNATURE_INVALID -> EnrollmentRefusal.CSR_SIGNATURE_INVALID;
            case CREDENTIAL_PROOF_MISMATCH -> EnrollmentRefusal.SECRET_PROOF_INVALID;
            case EK_CERT_MALFORMED, EK_CERT_NOT_EK_CERT, EK_CERT_EXPIRED, EK_CERT_NOT_YET_VALID ->
                    EnrollmentRefusal.EK_CERTIFICATE_INVALID;
            case EK_CERT_KEY_MISMATCH -> EnrollmentRefusal.EK_CERTIFICATE_KEY_MISMATCH;
            case EK_CERT_UNTRUSTED -> EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED;
        };
    }

    static EnrollmentRefusal map(CsrRefusal refusal) {
        return switch (refusal) {
            case MALFORMED -> EnrollmentRefusal.MALFORMED_EVIDENCE;
            case SIGNATURE_ALGORITHM_NOT_ALLOWED, SIGNATURE_INVALID -> EnrollmentRefusal.CSR_SIGNATURE_INVALID;
            case KEY_TYPE_NOT_ALLOWED -> EnrollmentRefusal.KEY_TYPE_NOT_ALLOWED;
        };
    }
}
