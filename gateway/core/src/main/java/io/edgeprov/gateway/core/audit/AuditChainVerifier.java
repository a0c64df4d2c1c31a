package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks the audit log from its first entry and names the first broken one.
 *
 * <p>Deleting the newest entries cannot be seen from the log alone; pass a head once published elsewhere
 * (upstream, a printout) to {@link #verify(long)} to catch that too.
 */
public final class AuditChainVerifier {

    private static final int PAGE = 1_000;

    private final AuditLog log;

    public AuditChainVerifier(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /** Verifies the whole chain as it stands. */
    public ChainVerdict verify() {
        return verify(0);
    }

    /**
     * Verifies the whole chain and that it reaches at least {@code knownHeadSequence}, a sequence number
     * seen earlier; a shorter chain is reported as {@link ChainBreak#ENTRY_DELETED} at the first missing one.
     */
    public ChainVerdict verify(long knownHeadSequence) {
        long expected = 1;
        Sha256Digest previous = Sha256Digest.zero();
        while (true) {
            List<AuditEntry> page = log.entriesFrom(expected, PAGE);
            for (AuditEntry entry : page) {
                Optional<ChainVerdict.Broken> broken = check(entry, expected, previous);
                if (broken.isPresent()) {
                    return broken.get();
                }
                previous = entry.entryHash();
                expected++;
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        long count = expected - 1;
        if (count < knownHeadSequence) {
            return new ChainVerdict.Broken(expected, ChainBreak.ENTRY_DELETED, count);
        }
        return new ChainVerdict.Intact(count, previous);
    }

    private static Optional<ChainVerdict.Broken> check(AuditEntry entry, long expected, Sha256Digest previous) {
        long verified = expected - 1;
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
        return Optional.empty();
    }
}
