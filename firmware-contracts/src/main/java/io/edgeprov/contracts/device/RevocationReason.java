package io.edgeprov.contracts.device;

import java.util.Optional;

/** CRL reason codes of RFC 5280 section 5.3.1; on the wire by their RFC name, e.g. {@code keyCompromise}. */
public enum RevocationReason {
    UNSPECIFIED("unspecified", 0),
    KEY_COMPROMISE("keyCompromise", 1),
    CA_COMPROMISE("cACompromise", 2),
    AFFILIATION_CHANGED("affiliationChanged", 3),
    SUPERSEDED("superseded", 4),
    CESSATION_OF_OPERATION("cessationOfOperation", 5),
    CERTIFICATE_HOLD("certificateHold", 6),
    REMOVE_FROM_CRL("removeFromCRL", 8),
    PRIVILEGE_WITHDRAWN("privilegeWithdrawn", 9),
    AA_COMPROMISE("aACompromise", 10);

    private final String rfcName;
    private final int crlCode;

    RevocationReason(String rfcName, int crlCode) {
        this.rfcName = rfcName;
        this.crlCode = crlCode;
    }

    /** The name as RFC 5280 spells it, which is what travels on the wire. */
    public String rfcName() {
        return rfcName;
    }

    /** The CRLReason value of RFC 5280. */
    public int crlCode() {
        return crlCode;
    }

    public static Optional<RevocationReason> fromRfcName(String name) {
        for (RevocationReason r : values()) {
            if (r.rfcName.equals(name)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
