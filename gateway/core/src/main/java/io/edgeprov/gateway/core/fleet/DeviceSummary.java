package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.registry.DeviceState;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One device as a fleet table shows it.
 *
 * @param enrollmentId the enrollment that admitted its latest attestation
 * @param certificateNotAfter expiry of its newest unrevoked certificate
 */
public record DeviceSummary(String deviceId, DeviceState state, Optional<String> lot, Optional<String> enrollmentId,
        Optional<Instant> lastSeen, Optional<Instant> certificateNotAfter, int renewalCount) {
    public DeviceSummary {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(lot, "lot");
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Objects.requireNonNull(lastSeen, "lastSeen");
        Objects.requireNonNull(certificateNotAfter, "certificateNotAfter");
    }
}
