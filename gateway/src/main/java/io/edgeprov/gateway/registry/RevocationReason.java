package io.edgeprov.gateway.registry;

/** Why a certificate was revoked, with its RFC 5280 CRLReason code. */
public enum RevocationReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    CERTIFICATE_HOLD(6),
    PRIVILEGE_WITHDRAWN(9);

    private final int crlReasonCode;

    RevocationReason(int crlReasonCode) {
        this.crlReasonCode = crlReasonCode;
    }

    /** The RFC 5280 CRLReason value for the CRL entry extension. */
    public int crlReasonCode() {
        return crlReasonCode;
    }
}
