package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.enrollment.EnrollmentHarness;
import io.edgeprov.gateway.core.enrollment.RefusalSummaries;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RefusalSummaryFlushTest {

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private EnrollmentHarness harness;

    @AfterEach
    void close() throws Exception {
        scheduler.shutdownNow();
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void stopping_puts_the_refusals_still_counted_on_the_chain_as_one_summary() throws Exception {
        harness = EnrollmentHarness.inMemory("sensor-1");
        RefusalSummaryFlush flush = new RefusalSummaryFlush(harness.service().refusalSummaries(), scheduler);
        flush.start();
        AttestationBegin foreign = harness.begin();
        for (int i = 0; i < 50; i++) {
            harness.service().begin("intruder-1", foreign).join();
        }
        assertThat(flush.health().detail()).contains("49 refusals awaiting a summary");

        flush.stop();

        List<AuditEntry> summaries = harness.auditEntries().stream()
                .filter(e -> e.event().action().equals(RefusalSummaries.ACTION)).toList();
        assertThat(summaries).singleElement().satisfies(summary -> {
            assertThat(summary.event().target()).isEqualTo("intruder-1");
            assertThat(summary.event().details()).containsEntry("refusals", "49");
        });
        assertThat(flush.health().up()).isFalse();
    }

    @Test
    void it_runs_every_sixth_of_the_window_from_one_to_ten_seconds() {
        assertThat(RefusalSummaryFlush.period(Duration.ofSeconds(60))).isEqualTo(Duration.ofSeconds(10));
        assertThat(RefusalSummaryFlush.period(Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(5));
        assertThat(RefusalSummaryFlush.period(Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(1));
        assertThat(RefusalSummaryFlush.period(Duration.ofHours(1))).isEqualTo(Duration.ofSeconds(10));
    }
}
