package io.edgeprov.sim.fleet;

import io.edgeprov.sim.device.DeviceLog;
import io.edgeprov.sim.device.NoticedRevocation;
import io.edgeprov.sim.device.RevocationPath;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How a fleet's devices learned that their certificates were revoked.
 *
 * @param byPath                      revoked devices, by the path that told each one first
 * @param latency                     from revocation to noticing, over the devices whose path said when the
 *                                    revocation happened (only the notice does; its time has whole seconds)
 * @param noticesForOtherCertificates notices naming a certificate the device did not hold (one a renewal
 *                                    superseded), which the devices recorded and did not act on
 */
public record RevocationSummary(Map<RevocationPath, Integer> byPath, LatencySummary latency, int noticesForOtherCertificates) {
    public static final RevocationSummary NONE = new RevocationSummary(Map.of(), LatencySummary.EMPTY, 0);

    public RevocationSummary {
        byPath = byPath.isEmpty() ? Map.of() : Map.copyOf(new EnumMap<>(byPath));
        Objects.requireNonNull(latency, "latency");
        if (noticesForOtherCertificates < 0 || byPath.values().stream().anyMatch(n -> n < 0)) {
            throw new IllegalArgumentException("counters: negative");
        }
        if (latency.count() > byPath.values().stream().mapToInt(Integer::intValue).sum()) {
            throw new IllegalArgumentException("latency: more latencies than revoked devices");
        }
    }

    /** Sums the devices' logs. */
    public static RevocationSummary of(Collection<DeviceLog> logs) {
        Map<RevocationPath, Integer> byPath = new EnumMap<>(RevocationPath.class);
        List<Duration> latencies = new ArrayList<>();
        int otherNotices = 0;
        for (DeviceLog log : logs) {
            otherNotices += log.noticesForOtherCertificates();
            if (log.revocation().isPresent()) {
                NoticedRevocation revocation = log.revocation().get();
                byPath.merge(revocation.path(), 1, Integer::sum);
                revocation.latency().ifPresent(latencies::add);
            }
        }
        return new RevocationSummary(byPath, LatencySummary.of(latencies), otherNotices);
    }

    /** Revoked devices, by any path. */
    public int revoked() {
        return byPath.values().stream().mapToInt(Integer::intValue).sum();
    }

    public int revoked(RevocationPath path) {
        return byPath.getOrDefault(path, 0);
    }

    /** One line for people: counts by path, then the noticing latency where it is known. */
    @Override
    public String toString() {
        if (revoked() == 0 && noticesForOtherCertificates == 0) {
            return "none";
        }
        int unknown = revoked() - latency.count();
        return revoked() + " (notice " + revoked(RevocationPath.NOTICE) + ", refused reconnect "
                + revoked(RevocationPath.REFUSED_RECONNECT) + ", refused renewal " + revoked(RevocationPath.REFUSED_RENEWAL)
                + "), noticed " + (latency.count() == 0 ? "at unknown delay"
                : String.format("p50=%dms max=%dms after the revocation", latency.p50().toMillis(), latency.max().toMillis()))
                + (unknown > 0 && latency.count() > 0 ? " (" + unknown + " without a revocation time)" : "")
                + ", notices for other certificates " + noticesForOtherCertificates;
    }
}
