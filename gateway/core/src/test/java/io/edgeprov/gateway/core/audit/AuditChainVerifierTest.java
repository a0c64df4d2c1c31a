package io.edgeprov.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class AuditChainVerifierTest {

    @Test
    void an_untouched_chain_is_intact_with_its_count_and_head_hash() {
        InMemoryAuditLog log = givenLogWith(5);

        ChainVerdict verdict = new AuditChainVerifier(log).verify();

        assertThat(verdict).isEqualTo(new ChainVerdict.Intact(5, log.head().orElseThrow().entryHash()));
    }

    @Test
    void an_empty_log_is_intact_with_the_zero_head() {
        assertThat(new AuditChainVerifier(new InMemoryAuditLog()).verify())
                .isEqualTo(new ChainVerdict.Intact(0, Sha256Digest.zero()));
    }

    @Test
    void an_edited_field_breaks_the_chain_at_that_entry_with_a_hash_mismatch() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        AuditEntry third = entries.get(2);
        AuditEvent edited = AuditEvent.of(third.event().at(), third.event().actor(), third.event().action(),
                third.event().target(), third.event().outcome(), "EDITED");
        entries.set(2, new AuditEntry(3, edited, third.previousHash(), third.entryHash()));

        assertThat(verify(entries)).isEqualTo(new ChainVerdict.Broken(3, ChainBreak.HASH_MISMATCH, 2));
    }

    @Test
    void an_entry_edited_and_rehashed_breaks_the_chain_at_the_next_entry() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        AuditEntry third = entries.get(2);
        AuditEvent edited = AuditEvent.of(third.event().at(), "intruder", third.event().action(),
                third.event().target(), third.event().outcome(), third.event().reasonCode());
        entries.set(2, AuditEntry.chain(3, edited, third.previousHash()));

        assertThat(verify(entries)).isEqualTo(new ChainVerdict.Broken(4, ChainBreak.PREVIOUS_HASH_MISMATCH, 3));
    }

    @Test
    void a_deleted_entry_is_named_by_its_missing_sequence_number() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        entries.remove(1);

        assertThat(verify(entries)).isEqualTo(new ChainVerdict.Broken(2, ChainBreak.ENTRY_DELETED, 1));
    }

    @Test
    void a_renumbered_entry_that_still_links_is_a_sequence_gap() {
        List<AuditEntry> entries = entriesOf(givenLogWith(3));
        AuditEntry second = entries.get(1);
        entries.set(1, new AuditEntry(7, second.event(), second.previousHash(), second.entryHash()));
        entries.remove(2);

        assertThat(verify(entries)).isEqualTo(new ChainVerdict.Broken(2, ChainBreak.SEQUENCE_GAP, 1));
    }

    @Test
    void entries_deleted_from_the_end_are_caught_against_a_known_head() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        entries.subList(3, 5).clear();

        assertThat(new AuditChainVerifier(fixedLog(entries)).verify(5))
                .isEqualTo(new ChainVerdict.Broken(4, ChainBreak.ENTRY_DELETED, 3));
    }

    @Test
    void a_chain_longer_than_one_page_is_walked_to_the_end() {
        InMemoryAuditLog log = givenLogWith(2_345);

        assertThat(new AuditChainVerifier(log).verify()).isInstanceOf(ChainVerdict.Intact.class)
                .extracting(v -> ((ChainVerdict.Intact) v).count()).isEqualTo(2_345L);
    }

    @Test
    void a_range_walked_from_its_first_previous_hash_is_intact_with_its_own_count() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        ChainWalk walk = ChainWalk.after(3, entries.get(2).previousHash());

        entries.subList(2, 5).forEach(entry -> assertThat(walk.next(entry)).isEmpty());

        assertThat(walk.end(0)).isEqualTo(new ChainVerdict.Intact(3, entries.get(4).entryHash()));
        assertThat(walk.end(6)).isEqualTo(new ChainVerdict.Broken(6, ChainBreak.ENTRY_DELETED, 3));
    }

    @Test
    void a_range_that_does_not_continue_from_its_anchor_breaks_at_its_first_entry() {
        List<AuditEntry> entries = entriesOf(givenLogWith(5));
        ChainWalk walk = ChainWalk.after(3, entries.get(0).entryHash());

        assertThat(walk.next(entries.get(2)))
                .contains(new ChainVerdict.Broken(3, ChainBreak.PREVIOUS_HASH_MISMATCH, 0));
    }

    @Test
    void a_log_pruned_through_an_anchor_that_its_prune_entry_names_verifies_from_the_anchor() {
        InMemoryAuditLog log = givenLogWith(5);
        AuditAnchor anchor = new AuditAnchor(3, log.entriesFrom(3, 1).get(0).entryHash());
        log.append(anchor.pruneEvent(Instant.parse("2026-02-01T00:00:00Z"), "local:admin", 3, Sha256Digest.of(new byte[] {1})));
        List<AuditEntry> kept = log.entriesFrom(4, 100);

        ChainVerdict verdict = new AuditChainVerifier(fixedLog(kept, Optional.of(anchor))).verify(6);

        assertThat(verdict).isEqualTo(new ChainVerdict.Intact(3, kept.get(2).entryHash()));
    }

    @Test
    void a_log_starting_after_an_anchor_that_no_prune_entry_names_is_broken_at_its_first_entry() {
        InMemoryAuditLog log = givenLogWith(5);
        AuditAnchor forged = new AuditAnchor(3, log.entriesFrom(3, 1).get(0).entryHash());

        ChainVerdict verdict = new AuditChainVerifier(fixedLog(log.entriesFrom(4, 100), Optional.of(forged))).verify();

        assertThat(verdict).isEqualTo(new ChainVerdict.Broken(4, ChainBreak.ANCHOR_UNRECORDED, 0));
    }

    private static InMemoryAuditLog givenLogWith(int entries) {
        InMemoryAuditLog log = new InMemoryAuditLog();
        for (int i = 0; i < entries; i++) {
            log.append(AuditEvent.of(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), "gateway",
                    "certificate.issue", "device-" + i, AuditOutcome.SUCCESS, "OK"));
        }
        return log;
    }

    private static List<AuditEntry> entriesOf(AuditLog log) {
        return new ArrayList<>(log.entriesFrom(1, 100_000));
    }

    private static ChainVerdict verify(List<AuditEntry> entries) {
        return new AuditChainVerifier(fixedLog(entries)).verify();
    }

    /** A log returning exactly the given (possibly tampered) entries, as a database would. */
    private static AuditLog fixedLog(List<AuditEntry> entries) {
        return fixedLog(entries, Optional.empty());
    }

    private static AuditLog fixedLog(List<AuditEntry> entries, Optional<AuditAnchor> anchor) {
        return new AuditLog() {
            @Override
            public Optional<AuditAnchor> anchor() {
                return anchor;
            }

            @Override
            public CompletableFuture<AuditEntry> append(AuditEvent event) {
                throw new UnsupportedOperationException("read-only fixture");
            }

            @Override
            public Optional<AuditEntry> head() {
                return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(entries.size() - 1));
            }

            @Override
            public List<AuditEntry> entriesFrom(long fromSequence, int limit) {
                return entries.stream().filter(e -> e.sequence() >= fromSequence).limit(limit).toList();
            }
        };
    }
}
