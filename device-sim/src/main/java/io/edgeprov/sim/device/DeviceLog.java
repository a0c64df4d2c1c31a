package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An immutable snapshot of what one device did: counters over its whole life and its most recent
 * events (at most {@link #MAX_EVENTS}; counters keep counting after older events are dropped).
 *
 * @param enrollLatencies latencies of successful enrollments, oldest first (bounded like the events)
 * @param renewLatencies  latencies of successful renewals, oldest first (bounded like the events)
 * @param revocation      how the device learned its certificate was revoked, if it was
 * @param noticesForOtherCertificates revocation notices that named a certificate the device did not hold
 */
public record DeviceLog(SimulatedDeviceState state, int enrolled, int renewed, int keysRotated, int reattestations,
                        int reconnects, Map<WireErrorCode, Integer> refusals, Map<DeviceFailure, Integer> failures,
                        List<Duration> enrollLatencies, List<Duration> renewLatencies, Optional<NoticedRevocation> revocation,
                        int noticesForOtherCertificates, List<DeviceEvent> events) {
    public static final int MAX_EVENTS = 256;

    public DeviceLog {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(revocation, "revocation");
        if (enrolled < 0 || renewed < 0 || keysRotated < 0 || reattestations < 0 || reconnects < 0
                || noticesForOtherCertificates < 0) {
            throw new IllegalArgumentException("counters: negative");
        }
        refusals = refusals.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(refusals));
        failures = failures.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(failures));
        enrollLatencies = List.copyOf(enrollLatencies);
        renewLatencies = List.copyOf(renewLatencies);
        events = List.copyOf(events);
    }

    /** How often the gateway refused with {@code code}. */
    public int refusals(WireErrorCode code) {
        return refusals.getOrDefault(code, 0);
    }

    /** How often a step failed with {@code failure}. */
    public int failures(DeviceFailure failure) {
        return failures.getOrDefault(failure, 0);
    }
}
