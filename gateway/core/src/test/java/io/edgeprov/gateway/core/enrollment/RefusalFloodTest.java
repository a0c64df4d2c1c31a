package io.edgeprov.gateway.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10, finding 3: an unauthenticated flood of refused begins must not write one audit entry per request.
 * Each flood is followed by one more refusal after the window, which writes the summaries lazily.
 */
class RefusalFloodTest {

    private static final int FLOOD = 6_000;

    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void a_flood_of_begins_from_one_claimed_device_adds_at_most_five_audit_rows_and_every_refusal_is_counted()
            throws Exception {
        givenGatewayWithFrozenClock();
        AttestationBegin begin = TestDevice.ecc("intruder-1").begin();
        long before = headSequence();

        for (int i = 0; i < FLOOD; i++) {
            gateway.service.begin("intruder-1", begin).join();
        }
        gateway.clock.advance(RefusalSummaries.DEFAULT_WINDOW.plusSeconds(1));
        gateway.service.begin("intruder-1", begin).join();

        // Two keys (NOT_ENROLLED until the per-device limit, then RATE_LIMITED): one full entry and one summary
        // each, plus the full entry that opened the next window.
        List<AuditEntry> written = entriesAfter(before);
        assertThat(written).hasSizeLessThanOrEqualTo(5);
        assertThat(refusalsCounted()).isEqualTo(FLOOD + 1);
        assertThat(refusalsOnTheChain(written)).isEqualTo(FLOOD + 1);
        assertThat(summaries(written)).extracting(e -> e.event().reasonCode())
                .containsExactlyInAnyOrder("NOT_ENROLLED", "RATE_LIMITED");
        assertThat(summaries(written)).allSatisfy(summary -> {
            assertThat(summary.event().target()).isEqualTo("intruder-1");
            assertThat(summary.event().details()).containsEntry("step", "attestation.begin");
        });
        thenChainIsIntact();
    }

    @Test
    void a_flood_from_six_thousand_spoofed_device_ids_adds_at_most_the_tracked_keys_and_one_summary()
            throws Exception {
        givenGatewayWithFrozenClock();
        AttestationBegin begin = TestDevice.ecc("spoof").begin();
        long before = headSequence();

        for (int i = 0; i < FLOOD; i++) {
            gateway.service.begin(String.format("spoof-%04d", i), begin).join();
        }
        gateway.clock.advance(RefusalSummaries.DEFAULT_WINDOW.plusSeconds(1));
        gateway.service.begin("spoof-next", begin).join();

        List<AuditEntry> written = entriesAfter(before);
        assertThat(written).hasSizeLessThanOrEqualTo(RefusalSummaries.DEFAULT_TRACKED_KEYS + 2);
        assertThat(refusalsCounted()).isEqualTo(FLOOD + 1);
        assertThat(refusalsOnTheChain(written)).isEqualTo(FLOOD + 1);
        assertThat(summaries(written)).singleElement().satisfies(aggregate -> {
            assertThat(aggregate.event().target()).isEqualTo(RefusalSummaries.UNTRACKED_TARGET);
            assertThat(aggregate.event().reasonCode()).isEqualTo("NOT_ENROLLED");
            assertThat(aggregate.event().details()).containsEntry("refusals",
                    String.valueOf(FLOOD - RefusalSummaries.DEFAULT_TRACKED_KEYS));
        });
        thenChainIsIntact();
    }

    @Test
    void a_revoked_device_is_audited_in_full_on_every_begin() throws Exception {
        givenGatewayWithFrozenClock();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        gateway.enroll(device);
        gateway.givenRevoked("sensor-1");
        long before = headSequence();

        for (int i = 0; i < 20; i++) {
            gateway.service.begin("sensor-1", device.begin()).join();
        }

        assertThat(entriesAfter(before)).hasSize(20).allSatisfy(entry -> {
            assertThat(entry.event().action()).isEqualTo("attestation.begin");
            assertThat(entry.event().reasonCode()).isEqualTo("DEVICE_REVOKED");
        });
    }

    private void givenGatewayWithFrozenClock() throws Exception {
        gateway = GatewayFixture.inMemory();
        gateway.clock.freeze();
    }

    private long headSequence() {
        return gateway.audit.head().map(AuditEntry::sequence).orElse(0L);
    }

    private List<AuditEntry> entriesAfter(long sequence) {
        return gateway.audit.entriesFrom(sequence + 1, 100_000);
    }

    private int refusalsCounted() {
        int total = 0;
        for (EnrollmentRefusal cause : EnrollmentRefusal.values()) {
            total += gateway.metrics.refusals("begin", cause);
        }
        return total;
    }

    /** Refusals audited one by one plus those each summary stands for. */
    private static long refusalsOnTheChain(List<AuditEntry> entries) {
        long oneByOne = entries.stream().filter(e -> e.event().action().equals("attestation.begin"))
                .filter(e -> e.event().outcome() == AuditOutcome.DENIED).count();
        long summarised = summaries(entries).stream()
                .mapToLong(e -> Long.parseLong(e.event().details().get("refusals"))).sum();
        return oneByOne + summarised;
    }

    private static List<AuditEntry> summaries(List<AuditEntry> entries) {
        return entries.stream().filter(e -> e.event().action().equals("refusals.summary")).toList();
    }

    private void thenChainIsIntact() {
        assertThat(new AuditChainVerifier(gateway.audit).verify()).isInstanceOf(ChainVerdict.Intact.class);
    }
}
