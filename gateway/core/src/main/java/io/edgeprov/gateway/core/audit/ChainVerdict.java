package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Objects;

/** Result of walking the audit chain. */
public sealed interface ChainVerdict permits ChainVerdict.Intact, ChainVerdict.Broken {

    /**
     * Every entry links to the one before and hashes to its stored hash.
     *
     * @param count number of entries
     * @param headHash entry hash of the last entry, all zeros for an empty log
     */
    record Intact(long count, Sha256Digest headHash) implements ChainVerdict {
        public Intact {
            if (count < 0) {
                throw new IllegalArgumentException("count must not be negative");
            }
            Objects.requireNonNull(headHash, "headHash");
        }
    }

    /**
     * The first broken entry.
     *
     * @param sequence sequence number of the first entry that is wrong or missing
     * @param reason how it is broken
     * @param verifiedBefore number of entries that verified before it
     */
    record Broken(long sequence, ChainBreak reason, long verifiedBefore) implements ChainVerdict {
        public Broken {
            if (sequence < 1) {
                throw new IllegalArgumentException("sequence must be at least 1");
            }
            Objects.requireNonNull(reason, "reason");
        }
    }
}
