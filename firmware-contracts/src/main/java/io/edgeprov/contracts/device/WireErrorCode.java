package io.edgeprov.contracts.device;

import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Error codes a device receives in a {@link Rejection}. Numbers are stable and never reused:
 * a withdrawn code goes to {@link #RETIRED} and stays there. Hundreds group the area:
 * 1xx message, 2xx enrollment and attestation, 3xx certificate and CSR, 4xx authorization and
 * policy, 5xx server, 6xx terminal (the device must stop). Firmware that meets an unknown code
 * should act on its hundreds, and treat an area it does not know as terminal.
 */
public enum WireErrorCode {
    MALFORMED_MESSAGE(100, "the payload breaks the contract (syntax, type, bound, unknown field rules)"),
    UNSUPPORTED_VERSION(101, "the topic or resource names a contract version this gateway does not speak"),

    NOT_ENROLLED(200, "no enabled enrollment allows this EK or serial"),
    ENROLLMENT_DISABLED(201, "the matching enrollment exists but an operator disabled it"),
    EK_CERTIFICATE_INVALID(202, "the EK certificate does not parse, is expired or does not chain to a trusted manufacturer root"),
    EK_MISMATCH(203, "the EK public area does not match the enrollment or the EK certificate"),
    AK_ATTRIBUTES_INVALID(204, "the AK is not fixedTPM, fixedParent, restricted, sign and sensitiveDataOrigin"),
    CHALLENGE_UNKNOWN(205, "no challenge with this id was issued to this device"),
    CHALLENGE_EXPIRED(206, "the challenge expired before the finish arrived"),
    CHALLENGE_REPLAYED(207, "the challenge was already used"),
    SECRET_PROOF_INVALID(208, "the secret proof does not match the activated secret"),
    ATTESTATION_SIGNATURE_INVALID(209, "the AK signature over the TPMS_ATTEST does not verify"),
    ATTESTATION_MALFORMED(210, "the TPMS_ATTEST has a wrong magic or type or does not parse"),
    QUALIFYING_DATA_MISMATCH(211, "the TPMS_ATTEST extraData is not the qualifying data bound to the challenge"),
    CERTIFIED_NAME_MISMATCH(212, "the certified Name is not the Name of the device key public area"),
    DEVICE_KEY_ATTRIBUTES_INVALID(213, "the device key is not fixedTPM, fixedParent, sensitiveDataOrigin and sign"),

    CSR_KEY_MISMATCH(300, "the CSR public key is not the certified device key"),
    CSR_SIGNATURE_INVALID(301, "the CSR signature does not verify"),
    KEY_TYPE_NOT_ALLOWED(302, "the key algorithm or size is not allowed by policy"),
    CERTIFICATE_REVOKED(303, "the presented certificate is revoked"),
    CERTIFICATE_EXPIRED(304, "the presented certificate has expired; enroll again"),

    NOT_AUTHORIZED(400, "the client may not use this topic or resource"),
    DEVICE_MISMATCH(401, "the certificate names another device than the topic or request"),
    RATE_LIMITED(402, "too many requests; retry later with backoff"),
    REATTESTATION_REQUIRED(403, "policy requires a full attestation instead of a renewal"),

    INTERNAL_ERROR(500, "the gateway failed; retry later with backoff"),

    DEVICE_REVOKED(600, "the device is revoked; stop: no request succeeds until an operator releases it");

    /** The area of the codes after which firmware must stop sending requests on its own. */
    public static final int TERMINAL_AREA = 6;

    /** Codes that were once assigned and must never be given to a new constant. */
    public static final Set<Integer> RETIRED = Set.of();

    private static final Map<Integer, WireErrorCode> BY_CODE = Stream.of(values())
            .collect(Collectors.toUnmodifiableMap(WireErrorCode::code, Function.identity()));

    private final int code;
    private final String meaning;

    WireErrorCode(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The number on the wire. */
    public int code() {
        return code;
    }

    /** One line saying what went wrong, for READMEs and operators. */
    public String meaning() {
        return meaning;
    }

    /**
     * The area digit: 1 message, 2 enrollment/attestation, 3 certificate/CSR, 4 authorization/policy,
     * 5 server, 6 terminal.
     */
    public int area() {
        return code / 100;
    }

    /** Whether firmware must stop sending requests after this code, rather than retry or re-attest. */
    public boolean isTerminal() {
        return area() == TERMINAL_AREA;
    }

    /** The single place a wire number is decoded. */
    public static Optional<WireErrorCode> fromCode(int code) {
        return Optional.ofNullable(BY_CODE.get(code));
    }
}
