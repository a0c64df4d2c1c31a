package io.edgeprov.gateway.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.audit.InMemoryAuditLog;
import io.edgeprov.gateway.core.enrollment.RefusalSummaries.AuditMode;
import io.edgeprov.gateway.core.identity.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RefusalSummariesTest {

    private static final Duration WINDOW = Duration.ofSeconds(60);

    private final MutableClock clock = new MutableClock().freeze();
    private final InMemoryAuditLog audit = new InMemoryAuditLog();

    @Test
    void the_first_refusal_of_a_key_is_audited_in_full_and_its_repeats_are_only_counted() {
        RefusalSummaries summaries = summaries(10);

        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED)).isTrue();
        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED)).isFalse();
        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED)).isFalse();

        assertThat(audit.head()).isEmpty();
        assertThat(summaries.describe()).startsWith("1/10 keys tracked, 2 refusals awaiting a summary");
    }

    @Test
    void another_cause_or_device_is_another_key() {
        RefusalSummaries summaries = summaries(10);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);

        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.RATE_LIMITED)).isTrue();
        assertThat(refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED)).isTrue();
    }

    @Test
    void the_next_refusal_after_the_window_appends_one_summary_with_the_count_and_times() {
        RefusalSummaries summaries = summaries(10);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(Duration.ofSeconds(5));
        Instant firstRepeat = clock.instant();
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(Duration.ofSeconds(50));
        Instant lastRepeat = clock.instant();
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(Duration.ofSeconds(5));

        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED)).as("opens the next window").isTrue();

        AuditEntry summary = audit.head().orElseThrow();
        assertThat(summary.event().actor()).isEqualTo(RefusalSummaries.ACTOR);
        assertThat(summary.event().action()).isEqualTo(RefusalSummaries.ACTION);
        assertThat(summary.event().target()).isEqualTo("dev-1");
        assertThat(summary.event().outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(summary.event().reasonCode()).isEqualTo("NOT_ENROLLED");
        assertThat(summary.event().details()).containsEntry("step", "attestation.begin").containsEntry("refusals", "2")
                .containsEntry("first", firstRepeat.toString()).containsEntry("last", lastRepeat.toString())
                .containsEntry("window", "PT1M");
    }

    @Test
    void the_periodic_flush_summarises_ended_windows_only() {
        RefusalSummaries summaries = summaries(10);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(Duration.ofSeconds(30));
        refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED);
        refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED);

        summaries.flush().join();
        assertThat(audit.head()).as("no window has ended yet").isEmpty();

        clock.advance(Duration.ofSeconds(30));
        summaries.flush().join();

        assertThat(summaryEntries()).singleElement().satisfies(s -> assertThat(s.event().target()).isEqualTo("dev-1"));
    }

    @Test
    void a_window_without_repeats_ends_without_a_summary() {
        RefusalSummaries summaries = summaries(10);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(WINDOW);

        summaries.flush().join();

        assertThat(audit.head()).isEmpty();
        assertThat(summaries.describe()).startsWith("0/10 keys tracked");
    }

    @Test
    void new_keys_beyond_the_bound_are_folded_into_one_summary_per_step_and_cause() {
        RefusalSummaries summaries = summaries(2);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED);

        assertThat(refuse(summaries, "dev-3", EnrollmentRefusal.NOT_ENROLLED)).isFalse();
        assertThat(refuse(summaries, "dev-4", EnrollmentRefusal.NOT_ENROLLED)).isFalse();
        assertThat(refuse(summaries, "dev-5", EnrollmentRefusal.EK_MISMATCH)).isFalse();
        clock.advance(WINDOW);
        summaries.flush().join();

        assertThat(summaryEntries()).extracting(e -> e.event().target(), e -> e.event().reasonCode(),
                        e -> e.event().details().get("refusals"))
                .containsExactlyInAnyOrder(tuple("*", "NOT_ENROLLED", "2"),
                        tuple("*", "EK_MISMATCH", "1"));
    }

    @Test
    void a_slot_freed_by_an_ended_window_tracks_a_new_key_in_full() {
        RefusalSummaries summaries = summaries(1);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        clock.advance(WINDOW);

        assertThat(refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED)).isTrue();
    }

    @Test
    void closing_summarises_every_open_window_and_later_refusals_are_audited_in_full() {
        RefusalSummaries summaries = summaries(1);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED);
        refuse(summaries, "dev-2", EnrollmentRefusal.NOT_ENROLLED);

        summaries.closeAndFlush().join();

        assertThat(summaryEntries()).extracting(e -> e.event().target()).containsExactlyInAnyOrder("dev-1", "*");
        assertThat(refuse(summaries, "dev-1", EnrollmentRefusal.NOT_ENROLLED)).isTrue();
        summaries.close();
        assertThat(summaryEntries()).hasSize(2);
        assertThat(new AuditChainVerifier(audit).verify()).isInstanceOf(ChainVerdict.Intact.class);
    }

    @Test
    void refusals_of_barred_devices_certified_peers_and_consumed_challenges_are_always_in_full() {
        for (Step step : Step.values()) {
            assertThat(RefusalSummaries.modeOf(step, EnrollmentRefusal.DEVICE_REVOKED)).isEqualTo(AuditMode.FULL);
            assertThat(RefusalSummaries.modeOf(step, EnrollmentRefusal.CERTIFICATE_REVOKED)).isEqualTo(AuditMode.FULL);
            assertThat(RefusalSummaries.modeOf(step, EnrollmentRefusal.RATE_LIMITED)).isEqualTo(AuditMode.SUMMARISED);
        }
        assertThat(RefusalSummaries.modeOf(Step.RENEW, EnrollmentRefusal.CSR_KEY_MISMATCH)).isEqualTo(AuditMode.FULL);
        assertThat(RefusalSummaries.modeOf(Step.FINISH, EnrollmentRefusal.SECRET_PROOF_INVALID)).isEqualTo(AuditMode.FULL);
        assertThat(RefusalSummaries.modeOf(Step.FINISH, EnrollmentRefusal.CHALLENGE_REPLAYED))
                .isEqualTo(AuditMode.SUMMARISED);
        assertThat(RefusalSummaries.modeOf(Step.BEGIN, EnrollmentRefusal.NOT_ENROLLED)).isEqualTo(AuditMode.SUMMARISED);
    }

    @Test
    void a_refusal_always_in_full_is_never_counted_into_a_summary() {
        RefusalSummaries summaries = summaries(10);

        for (int i = 0; i < 5; i++) {
            assertThat(summaries.auditInFull(Step.RENEW, "dev-1", EnrollmentRefusal.CERTIFICATE_REVOKED, clock.instant()))
                    .isTrue();
        }
        assertThat(summaries.describe()).startsWith("0/10 keys tracked, 0 refusals");
    }

    @Test
    void the_builder_refuses_a_window_or_bound_out_of_range_and_a_missing_audit_log() {
        assertThatThrownBy(() -> RefusalSummaries.builder().auditLog(audit).window(Duration.ofMillis(10)).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("window");
        assertThatThrownBy(() -> RefusalSummaries.builder().auditLog(audit).trackedKeys(0).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("trackedKeys");
        assertThatThrownBy(() -> RefusalSummaries.builder().build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("audit log");
    }

    private RefusalSummaries summaries(int trackedKeys) {
        return RefusalSummaries.builder().auditLog(audit).clock(clock).window(WINDOW).trackedKeys(trackedKeys).build();
    }

    private boolean refuse(RefusalSummaries summaries, String deviceId, EnrollmentRefusal cause) {
        return summaries.auditInFull(Step.BEGIN, deviceId, cause, clock.instant());
    }

    private List<AuditEntry> summaryEntries() {
        return audit.entriesFrom(1, 1_000).stream().filter(e -> e.event().action().equals(RefusalSummaries.ACTION))
                .toList();
    }
}
