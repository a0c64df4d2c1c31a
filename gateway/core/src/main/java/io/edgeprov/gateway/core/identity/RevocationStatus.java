package io.edgeprov.gateway.core.identity;

/** Whether a device certificate has been revoked; the registry implements it. */
@FunctionalInterface
public interface RevocationStatus {

    /** Where a certificate stands in the registry. */
    enum Standing {
        /** Recorded and not revoked. */
        GOOD,
        /** Recorded and revoked. */
        REVOKED,
        /** Never recorded: a status that can tell it apart says so instead of {@link #REVOKED}. */
        UNRECORDED
    }

    /**
     * @param serialHex lower-case hex serial without leading zeros
     * @throws RuntimeException when the status cannot be read; callers treat that as refusal
     */
    boolean isRevoked(String serialHex);

    /**
     * Where the certificate stands; by default only {@link Standing#GOOD} or {@link Standing#REVOKED}.
     *
     * @throws RuntimeException when the status cannot be read; callers treat that as refusal
     */
    default Standing standing(String serialHex) {
        return isRevoked(serialHex) ? Standing.REVOKED : Standing.GOOD;
    }
}
