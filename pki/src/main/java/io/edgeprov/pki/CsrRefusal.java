package io.edgeprov.pki;

/** Why a PKCS#10 request was refused; the gateway maps each to a wire error code. */
public enum CsrRefusal {
    /** Not a well-formed DER PKCS#10 request, or too large. */
    MALFORMED,
    /** Signed with an algorithm the CA does not accept (e.g. SHA-1, RSASSA-PSS, or one that does not fit the key). */
    SIGNATURE_ALGORITHM_NOT_ALLOWED,
    /** The key's type, curve, size or exponent is not allowed by the profile. */
    KEY_TYPE_NOT_ALLOWED,
    /** The self-signature does not verify with the request's own key. */
    SIGNATURE_INVALID
}
