package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;

/**
 * The CoAP response code of every refusal: one exhaustive switch over the use cases' causes, and one
 * over the wire codes for refusals the port or this adapter made before a use case ran. A new cause
 * or code does not compile until it has its response code here (docs/decisions/0026).
 *
 * <p>The rule: the request's content is wrong, 4.00; the client is not (yet) allowed, 4.01 when
 * presenting the right certificate would help and 4.03 when nothing the client could present would;
 * a busy or failing gateway, 5.03 (with Max-Age) or 5.00. The Rejection body always carries the wire
 * code, which is what firmware acts on; the response code is for generic CoAP clients and proxies.
 */
public final class CoapStatus {

    private CoapStatus() {
    }

    /** The response code of a refusal the use cases decided. */
    public static ResponseCode of(EnrollmentRefusal cause) {
        return switch (cause) {
            case MALFORMED_EVIDENCE, EK_NOT_STORAGE_KEY, AK_ATTRIBUTES_INVALID, ATTESTATION_MALFORMED,
                    DEVICE_KEY_ATTRIBUTES_INVALID, CSR_KEY_MISMATCH, CSR_SIGNATURE_INVALID, KEY_TYPE_NOT_ALLOWED,
                    CHALLENGE_UNKNOWN, CHALLENGE_EXPIRED, CHALLENGE_REPLAYED, SECRET_PROOF_INVALID,
                    ATTESTATION_SIGNATURE_INVALID, QUALIFYING_DATA_MISMATCH, CERTIFIED_NAME_MISMATCH,
                    EK_CERTIFICATE_MISSING, EK_CERTIFICATE_INVALID -> ResponseCode.BAD_REQUEST;
            case CERTIFICATE_UNKNOWN, CERTIFICATE_EXPIRED -> ResponseCode.UNAUTHORIZED;
            case NOT_ENROLLED, SERIAL_PATTERN_MISMATCH, ENROLLMENT_DISABLED, DEVICE_DISABLED, DEVICE_REVOKED,
                    EK_MISMATCH, EK_CERTIFICATE_KEY_MISMATCH, EK_CERTIFICATE_UNTRUSTED, CERTIFICATE_REVOKED, DEVICE_MISMATCH, DEVICE_NOT_ACTIVE,
                    REATTESTATION_REQUIRED -> ResponseCode.FORBIDDEN;
            case RATE_LIMITED -> ResponseCode.SERVICE_UNAVAILABLE;
            case INTERNAL_ERROR -> ResponseCode.INTERNAL_SERVER_ERROR;
        };
    }

    /** The response code of a refusal made before a use case ran (a malformed body, no certificate, busy). */
    public static ResponseCode of(WireErrorCode code) {
        return switch (code) {
            case MALFORMED_MESSAGE, UNSUPPORTED_VERSION, EK_CERTIFICATE_INVALID, AK_ATTRIBUTES_INVALID,
                    CHALLENGE_UNKNOWN, CHALLENGE_EXPIRED, CHALLENGE_REPLAYED, SECRET_PROOF_INVALID,
                    ATTESTATION_SIGNATURE_INVALID, ATTESTATION_MALFORMED, QUALIFYING_DATA_MISMATCH,
                    CERTIFIED_NAME_MISMATCH, DEVICE_KEY_ATTRIBUTES_INVALID, CSR_KEY_MISMATCH, CSR_SIGNATURE_INVALID,
                    KEY_TYPE_NOT_ALLOWED -> ResponseCode.BAD_REQUEST;
            case NOT_AUTHORIZED, CERTIFICATE_EXPIRED -> ResponseCode.UNAUTHORIZED;
            case NOT_ENROLLED, ENROLLMENT_DISABLED, EK_MISMATCH, CERTIFICATE_REVOKED, DEVICE_MISMATCH,
                    REATTESTATION_REQUIRED, DEVICE_REVOKED -> ResponseCode.FORBIDDEN;
            case RATE_LIMITED -> ResponseCode.SERVICE_UNAVAILABLE;
            case INTERNAL_ERROR -> ResponseCode.INTERNAL_SERVER_ERROR;
        };
    }
}
