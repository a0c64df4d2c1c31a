package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * When and why a certificate was revoked.
 *
 * @param revokedAt when (stored to the millisecond)
 * @param reason why
 */
public record Revocation(Instant revokedAt, RevocationReason reason) {
    public Revocation {
        revokedAt = Checks.millis(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
    }
}
