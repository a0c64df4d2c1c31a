package io.edgeprov.pki.crl;

import java.util.Locale;
import java.util.Optional;

/** RFC 5280 CRLReason codes, as a CRL entry carries them (7 is unused by the standard and never assigned here). */
public enum CrlReason {
    UNSPECIFIED(0),
    KEY_COMPROMISE(1),
    CA_COMPROMISE(2),
    AFFILIATION_CHANGED(3),
    SUPERSEDED(4),
    CESSATION_OF_OPERATION(5),
    CERTIFICATE_HOLD(6),
    REMOVE_FROM_CRL(8),
    PRIVILEGE_WITHDRAWN(9),
    AA_COMPROMISE(10);

    private final int code;

    CrlReason(int code) {
        this.code = code;
    }

    /** The numeric CRLReason value. */
    public int code() {
        return code;
    }

    public static Optional<CrlReason> fromCode(int code) {
        for (CrlReason reason : values()) {
            if (reason.code == code) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** Parses the camelCase RFC name ({@code keyCompromise}) or the constant name. */
    public static Optional<CrlReason> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(Locale.ROOT).replace('-', '_');
        for (CrlReason reason : values()) {
            if (reason.name().equals(normalized)) {
                return Optional.of(reason);
            }
        }
        return Optional.empty();
    }

    /** The RFC 5280 spelling, e.g. {@code keyCompromise}. */
    public String rfcName() {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : name().toLowerCase(Locale.ROOT).toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }
}
