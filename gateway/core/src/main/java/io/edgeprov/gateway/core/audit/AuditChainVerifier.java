package io.edgeprov.gateway.core.audit;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Walks the audit log from its first entry, or from its newest prune anchor, and names the first broken one.
 * A log that starts after an anchor is intact only if an {@code audit.prune} entry on the chain names that
 * anchor: entries deleted outside {@code audit prune} leave no such entry.
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
        Optional<AuditAnchor> anchor = log.anchor();
        ChainWalk walk = anchor.map(a -> ChainWalk.after(a.sequence() + 1, a.entryHash())).orElseGet(ChainWalk::fromStart);
        boolean anchorRecorded = anchor.isEmpty();
        while (true) {
            List<AuditEntry> page = log.entriesFrom(walk.expectedSequence(), PAGE);
            for (AuditEntry entry : page) {
                Optional<ChainVerdict.Broken> broken = walk.next(entry);
                if (broken.isPresent()) {
                    return broken.get();
                }
                anchorRecorded = anchorRecorded || anchor.get().isRecordedBy(entry.event());
            }
            if (page.size() < PAGE) {
                break;
            }
        }
        if (!anchorRecorded) {
            return new ChainVerdict.Broken(anchor.get().sequence() + 1, ChainBreak.ANCHOR_UNRECORDED, 0);
        }
        return walk.end(knownHeadSequence);
    }
}
