package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.sim.fleet.LatencySummary;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RevocationOutcomesTest {

    @Test
    void a_batch_rate_counts_devices_over_the_use_cases_own_time() {
        var batch = new RevokeBatchPhase.Outcome(10_000, Duration.ofMillis(1_250), Optional.of(2_500_000_000L), 10_000,
                Duration.ofSeconds(3));

        assertThat(batch.perSecond()).isEqualTo(8_000.0);
        assertThat(batch.cpuMillisPerDevice()).hasValue(0.25);
    }

    @Test
    void a_batch_without_cpu_figures_reports_none() {
        var batch = new RevokeBatchPhase.Outcome(10, Duration.ofMillis(10), Optional.empty(), 10, Duration.ofMillis(200));

        assertThat(batch.cpuMillisPerDevice()).isEmpty();
    }

    @Test
    void single_revocations_share_the_cpu_out_per_revocation() {
        LatencySummary calls = LatencySummary.of(List.of(Duration.ofMillis(4), Duration.ofMillis(6)));
        var outcome = new CutOffPhase.Outcome(calls, calls, 2, Optional.of(14_000_000L), Optional.of(2_000_000L));

        assertThat(outcome.cpuMillisPerRevocation()).hasValue(7.0);
        assertThat(outcome.upkeepCpuMillisPerRevocation()).hasValue(1.0);
    }

    @Test
    void no_revocation_means_no_cpu_per_revocation() {
        var outcome = new CutOffPhase.Outcome(LatencySummary.EMPTY, LatencySummary.EMPTY, 0, Optional.of(5L), Optional.of(1L));

        assertThat(outcome.cpuMillisPerRevocation()).isEmpty();
    }
}
