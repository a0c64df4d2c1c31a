package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.device.DeviceFailure;
import io.edgeprov.sim.device.SimulatedDeviceState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;

/**
 * How a fleet run ended.
 *
 * @param finalStates  devices per state when the run ended (before they were stopped)
 * @param enrolled     successful enrollments, re-attestations included
 * @param gaveUp       devices that stopped retrying attestation
 * @param refusals     gateway refusals by code
 * @param failures     device-side step failures by cause (refusals count as REJECTED)
 * @param revocations  devices whose certificate was revoked, by the path that told them, and how fast
 */
public record FleetReport(int devices, Duration elapsed, Map<SimulatedDeviceState, Integer> finalStates, int enrolled,
                          int renewed, int keysRotated, int reattestations, int reconnects, int gaveUp,
                          Map<WireErrorCode, Integer> refusals, Map<DeviceFailure, Integer> failures,
                          LatencySummary enrollment, LatencySummary renewal, RevocationSummary revocations) {
    public FleetReport {
        Objects.requireNonNull(elapsed, "elapsed");
        finalStates = finalStates.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(finalStates));
        refusals = refusals.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(refusals));
        failures = failures.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(failures));
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(renewal, "renewal");
        Objects.requireNonNull(revocations, "revocations");
        if (devices < 0 || enrolled < 0 || renewed < 0 || keysRotated < 0 || reattestations < 0 || reconnects < 0 || gaveUp < 0) {
            throw new IllegalArgumentException("counters: negative");
        }
    }

    public int inState(SimulatedDeviceState state) {
        return finalStates.getOrDefault(state, 0);
    }

    public int refusals(WireErrorCode code) {
        return refusals.getOrDefault(code, 0);
    }

    /** A few lines for people. */
    public String summary() {
        return "devices " + devices + " in " + elapsed.toMillis() + " ms\n"
                + "final states  " + new EnumMap<>(finalStates) + "\n"
                + "enrolled " + enrolled + ", renewed " + renewed + " (new keys " + keysRotated + "), re-attested "
                + reattestations + ", reconnects " + reconnects + ", gave up " + gaveUp + "\n"
                + "refusals      " + (refusals.isEmpty() ? "none" : new EnumMap<>(refusals)) + "\n"
                + "failures      " + (failures.isEmpty() ? "none" : new EnumMap<>(failures)) + "\n"
                + "enrollment    " + enrollment + "\n"
                + "renewal       " + renewal + "\n"
                + "revoked       " + revocations + "\n";
    }
}
