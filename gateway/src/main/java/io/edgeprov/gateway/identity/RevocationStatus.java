package io.edgeprov.gateway.identity;

/** Whether a device certificate has been revoked; the registry implements it. */
@FunctionalInterface
public interface RevocationStatus {

    /**
     * @param serialHex lower-case hex serial without leading zeros
     * @throws RuntimeException when the status cannot be read; callers treat that as refusal
     */
    boolean isRevoked(String serialHex);
}
