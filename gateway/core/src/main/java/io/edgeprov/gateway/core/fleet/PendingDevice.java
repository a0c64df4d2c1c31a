package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Objects;

/**
 * A genuine TPM (its EK certificate chains to a trusted manufacturer root) that no enrollment admits, waiting for
 * a technician.
 *
 * @param rootBundle the configured root bundle its EK certificate chains to
 */
public record PendingDevice(String deviceId, Sha256Digest ekSha256, String rootBundle, Instant firstSeen, Instant lastSeen,
        long attempts) {
    public PendingDevice {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ekSha256, "ekSha256");
        Objects.requireNonNull(rootBundle, "rootBundle");
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
