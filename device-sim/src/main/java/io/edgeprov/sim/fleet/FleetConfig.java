package io.edgeprov.sim.fleet;

import io.edgeprov.sim.device.DeviceSettings;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a fleet runs.
 *
 * @param concurrency      how many device steps (connect, attest, renew) may be in flight at once
 * @param duration         how long to run; empty: until every device has enrolled or given up
 * @param maxWait          the longest a run without a duration waits for that
 * @param progressInterval how often progress is reported
 */
public record FleetConfig(int devices, int concurrency, DeviceSettings settings, Optional<Duration> duration,
                          Duration maxWait, Duration progressInterval) {
    /** Device ids are 1..64 characters; this leaves room for a prefix. */
    public static final int MAX_DEVICES = 1_000_000;

    public FleetConfig {
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("devices: must be 1.." + MAX_DEVICES + ", was " + devices);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency: must be at least 1, was " + concurrency);
        }
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(duration, "duration");
        duration.ifPresent(d -> positive("duration", d));
        positive("maxWait", maxWait);
        positive("progressInterval", progressInterval);
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
        }
    }
}
