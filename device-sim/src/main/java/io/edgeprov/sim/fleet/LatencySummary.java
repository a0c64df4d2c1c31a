package io.edgeprov.sim.fleet;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/** Count and nearest-rank percentiles of a set of latencies; all zero when there were none. */
public record LatencySummary(int count, Duration p50, Duration p95, Duration p99, Duration max) {
    public static final LatencySummary EMPTY = new LatencySummary(0, Duration.ZERO, Duration.ZERO, Duration.ZERO, Duration.ZERO);

    public LatencySummary {
        Objects.requireNonNull(p50, "p50");
        Objects.requireNonNull(p95, "p95");
        Objects.requireNonNull(p99, "p99");
        Objects.requireNonNull(max, "max");
        if (count < 0) {
            throw new IllegalArgumentException("count: negative");
        }
        if (p50.compareTo(p95) > 0 || p95.compareTo(p99) > 0 || p99.compareTo(max) > 0) {
            throw new IllegalArgumentException("percentiles: must not decrease from p50 to max");
        }
    }

    public static LatencySummary of(Collection<Duration> latencies) {
        if (latencies.isEmpty()) {
            return EMPTY;
        }
        List<Duration> sorted = new ArrayList<>(latencies);
        sorted.sort(null);
        return new LatencySummary(sorted.size(), rank(sorted, 50), rank(sorted, 95), rank(sorted, 99), sorted.get(sorted.size() - 1));
    }

    private static Duration rank(List<Duration> sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, index));
    }

    @Override
    public String toString() {
        return count == 0 ? "none" : String.format("n=%d p50=%dms p95=%dms p99=%dms max=%dms", count, p50.toMillis(),
                p95.toMillis(), p99.toMillis(), max.toMillis());
    }
}
