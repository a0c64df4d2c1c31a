package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The certificates in force at one instant (recorded, not expired, not revoked): how many, and the
 * notBefore of the oldest, which is where a certificate's age is counted from.
 */
public record ActiveCertificates(long count, Optional<Instant> oldestNotBefore) {
    public ActiveCertificates {
        Objects.requireNonNull(oldestNotBefore, "oldestNotBefore");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative");
        }
        if ((count == 0) != oldestNotBefore.isEmpty()) {
            throw new IllegalArgumentException("the oldest notBefore is known exactly when a certificate is active");
        }
    }

    public static ActiveCertificates none() {
        return new ActiveCertificates(0, Optional.empty());
    }
}
