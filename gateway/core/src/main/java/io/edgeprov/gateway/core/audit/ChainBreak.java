package io.edgeprov.gateway.core.audit;

/** How the audit chain is broken at the first bad entry. */
public enum ChainBreak {
    /** The entry's stored hash does not match its fields: a field was edited. */
    HASH_MISMATCH,
    /** The entry's previous hash is not the entry hash of the one before: an entry was replaced or inserted. */
    PREVIOUS_HASH_MISMATCH,
    /** Sequence numbers skip or repeat while the hashes still link: numbering was edited. */
    SEQUENCE_GAP,
    /** One or more entries are missing: the chain resumes after a hole, or ends before a known head. */
    ENTRY_DELETED,
    /** The log starts after a prune anchor that no {@code audit.prune} entry on the chain names. */
    ANCHOR_UNRECORDED
}
