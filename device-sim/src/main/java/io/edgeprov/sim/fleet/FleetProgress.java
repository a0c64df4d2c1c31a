package io.edgeprov.sim.fleet;

import io.edgeprov.sim.device.RevocationPath;
import io.edgeprov.sim.device.SimulatedDeviceState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * A live view of a run, sent every progress interval.
 *
 * @param states             how many devices are in each state now
 * @param enrolled           successful enrollments so far (re-attestations included)
 * @param renewed            successful renewals so far
 * @param refused            gateway refusals so far
 * @param revocations        devices that noticed their revocation so far, by the path that told them first
 * @param enrolledPerSecond  enrollments in the last interval, per second
 * @param renewedPerSecond   renewals in the last interval, per second
 */
public record FleetProgress(Duration elapsed, Map<SimulatedDeviceState, Integer> states, int enrolled, int renewed, int refused,
                            Map<RevocationPath, Integer> revocations, double enrolledPerSecond, double renewedPerSecond) {
    public FleetProgress {
        Objects.requireNonNull(elapsed, "elapsed");
        states = states.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(states));
        revocations = revocations.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(revocations));
        if (enrolled < 0 || renewed < 0 || refused < 0 || revocations.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("counters: negative");
        }
        if (enrolledPerSecond < 0 || renewedPerSecond < 0 || Double.isNaN(enrolledPerSecond) || Double.isNaN(renewedPerSecond)) {
            throw new IllegalArgumentException("rates: must be non-negative numbers");
        }
    }

    public int inState(SimulatedDeviceState state) {
        return states.getOrDefault(state, 0);
    }

    /** Devices that noticed their revocation so far, by any path. */
    public int revoked() {
        return revocations.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int revoked(RevocationPath path) {
        return revocations.getOrDefault(path, 0);
    }

    @Override
    public String toString() {
        return String.format("%4ds %s enrolled=%d (%.1f/s) renewed=%d (%.1f/s) refused=%d revoked=%d%s", elapsed.toSeconds(),
                new EnumMap<>(states), enrolled, enrolledPerSecond, renewed, renewedPerSecond, refused, revoked(),
                revocations.isEmpty() ? "" : " " + new EnumMap<>(revocations));
    }
}
