package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SyncLagPhaseTest {
    private static final String SCRAPE = """
            # HELP edgeprov_sync_connected 1 while connected to the upstream fleet broker
            # TYPE edgeprov_sync_connected gauge
            edgeprov_sync_connected 1.0
            edgeprov_sync_connected_total 0.0
            """;

    @Test
    void reads_an_unlabelled_gauge_at_one() {
        assertThat(SyncLagPhase.gaugeIsOne(SCRAPE, "edgeprov_sync_connected")).isTrue();
    }

    @Test
    void a_gauge_at_zero_or_missing_is_not_one() {
        assertThat(SyncLagPhase.gaugeIsOne(SCRAPE.replace("connected 1.0", "connected 0.0"), "edgeprov_sync_connected")).isFalse();
        assertThat(SyncLagPhase.gaugeIsOne(SCRAPE, "edgeprov_sync_applied")).isFalse();
    }

    @Test
    void a_longer_name_with_the_same_start_is_another_gauge() {
        String other = "edgeprov_sync_connected_total 1.0\nedgeprov_sync_connected 0.0\n";

        assertThat(SyncLagPhase.gaugeIsOne(other, "edgeprov_sync_connected")).isFalse();
    }
}
