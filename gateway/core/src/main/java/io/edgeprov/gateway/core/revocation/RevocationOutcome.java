package io.edgeprov.gateway.core.revocation;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What one revocation did.
 *
 * @param deviceId      the device whose certificates were revoked
 * @param serials       canonical hex serials of the certificates revoked now, oldest first; never empty
 * @param reason        the RFC 5280 reason recorded
 * @param revokedAt     when
 * @param crlNumber     the number of the CRL that first lists them
 * @param eventId       the revocation's fleet-wide id, as recorded and queued for upstream
 */
public record RevocationOutcome(String deviceId, List<String> serials, RevocationReason reason, Instant revokedAt,
        BigInteger crlNumber, RevocationEventId eventId) {
    public RevocationOutcome {
        Objects.requireNonNull(deviceId, "deviceId");
        serials = List.copyOf(serials);
        if (serials.isEmpty()) {
            throw new IllegalArgumentException("a revocation revokes at least one certificate");
        }
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(eventId, "eventId");
    }
}
