package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks audit entries one at a time, in order, from a known position: the start of the log (sequence 1,
 * after the zero hash), or an anchor, the sequence and previous hash a range starts after (an exported
 * range: its first line's previousHash). What {@link AuditChainVerifier} walks the stored log with, and
 * what checks an export offline.
 */
public final class ChainWalk {

    private final long firstSequence;
    private long expected;
    private Sha256Digest previous;

    private ChainWalk(long firstSequence, Sha256Digest previousHash) {
        if (firstSequence < 1) {
            throw new IllegalArgumentException("firstSequence must be at least 1, got " + firstSequence);
        }
        this.firstSequence = firstSequence;
        this.expected = firstSequence;
        this.previous = Objects.requireNonNull(previousHash, "previousHash");
    }

    /** A walk of the whole log: entry 1 first, linking to the zero hash. */
    public static ChainWalk fromStart() {
        return new ChainWalk(1, Sha256Digest.zero());
    }

    /** A walk of a range: entry {@code firstSequence} first, linking to {@code previousHash}. */
    public static ChainWalk after(long firstSequence, Sha256Digest previousHash) {
        return new ChainWalk(firstSequence, previousHash);
    }

    /** Checks the next entry; empty when it verifies. A walk is not continued after a break. */
    public Optional<ChainVerdict.Broken> next(AuditEntry entry) {
        long verified = verified();
        if (entry.sequence() != expected) {
            boolean linksToPrevious = entry.previousHash().equals(previous);
            return Optional.of(linksToPrevious
                    ? new ChainVerdict.Broken(Math.min(expected, entry.sequence()), ChainBreak.SEQUENCE_GAP, verified)
                    : new ChainVerdict.Broken(expected, ChainBreak.ENTRY_DELETED, verified));
        }
        if (!entry.previousHash().equals(previous)) {
            return Optional.of(new ChainVerdict.Broken(expected, ChainBreak.PREVIOUS_HASH_MISMATCH, verified));
        }
        if (!entry.hashIsConsistent()) {
            return Optional.of(new ChainVerdict.Broken(expected, ChainBreak.HASH_MISMATCH, verified));
        }
        previous = entry.entryHash();
        expected++;
        return Optional.empty();
    }

    /** The sequence the next entry must have. */
    public long expectedSequence() {
        return expected;
    }

    /** How many entries verified so far. */
    public long verified() {
        return expected - firstSequence;
    }

    /**
     * The walk as it ended: intact with the entries verified and the last hash, unless it stopped before
     * {@code knownHeadSequence}, a sequence seen earlier, which is reported as {@link ChainBreak#ENTRY_DELETED}.
     */
    public ChainVerdict end(long knownHeadSequence) {
        if (expected - 1 < knownHeadSequence) {
            return new ChainVerdict.Broken(expected, ChainBreak.ENTRY_DELETED, verified());
        }
        return new ChainVerdict.Intact(verified(), previous);
    }
}
