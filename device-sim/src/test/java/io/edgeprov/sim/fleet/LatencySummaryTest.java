package io.edgeprov.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencySummaryTest {

    @Test
    void percentiles_use_the_nearest_rank() {
        List<Duration> latencies = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            latencies.add(Duration.ofMillis(i));
        }
        Collections.shuffle(latencies);

        LatencySummary summary = LatencySummary.of(latencies);

        assertThat(summary.count()).isEqualTo(200);
        assertThat(summary.p50()).isEqualTo(Duration.ofMillis(100));
        assertThat(summary.p95()).isEqualTo(Duration.ofMillis(190));
        assertThat(summary.p99()).isEqualTo(Duration.ofMillis(198));
        assertThat(summary.max()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void no_latencies_give_the_empty_summary() {
        assertThat(LatencySummary.of(List.of())).isEqualTo(LatencySummary.EMPTY);
    }
}
