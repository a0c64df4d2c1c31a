package io.edgeprov.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.sim.device.RevocationPath;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The revocation line of a fleet report. */
class RevocationSummaryTest {
    @Test
    void the_line_gives_counts_by_path_and_the_latency_of_those_with_a_revocation_time() {
        RevocationSummary summary = new RevocationSummary(Map.of(RevocationPath.NOTICE, 2, RevocationPath.REFUSED_RECONNECT, 1),
                LatencySummary.of(List.of(Duration.ofMillis(300), Duration.ofMillis(900))), 4);

        assertThat(summary.revoked()).isEqualTo(3);
        assertThat(summary.toString()).isEqualTo("3 (notice 2, refused reconnect 1, refused renewal 0), noticed p50=300ms"
                + " max=900ms after the revocation (1 without a revocation time), notices for other certificates 4");
    }

    @Test
    void a_fleet_without_revocations_says_none() {
        assertThat(RevocationSummary.NONE.toString()).isEqualTo("none");
    }
}
