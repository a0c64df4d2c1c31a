package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.audit.ChainWalk;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * Checks an audit export ({@link AuditJsonLines}) offline, without the database: every line readable, each
 * entry's hash recomputed from its fields, each entry linked to the line before, the first one to the anchor.
 * The anchor is the zero hash when the range starts at entry 1, the given one when the caller knows what the
 * range must continue from (the head of the previous export, the database's entry before it), otherwise the
 * first line's own {@code previousHash}.
 */
final class AuditExportCheck {

    /** What an export file holds. */
    sealed interface Result permits Intact, Broken, Unreadable, Empty {
    }

    /** Every line verifies: entries {@code first..last}, continuing from {@code anchor}, ending at {@code head}. */
    record Intact(long first, long last, Sha256Digest anchor, Sha256Digest head) implements Result {
        long count() {
            return last - first + 1;
        }
    }

    /** The chain breaks at an entry, on line {@code line} of the file. */
    record Broken(ChainVerdict.Broken at, long line) implements Result {
    }

    /** Line {@code line} is not an audit entry; the {@code verifiedBefore} entries before it verify. */
    record Unreadable(long line, String reason, long verifiedBefore) implements Result {
    }

    /** The file holds no entry. */
    record Empty() implements Result {
    }

    private AuditExportCheck() {
    }

    /**
     * @param anchor what the first entry must continue from, when known
     * @param knownHeadSequence a sequence the export must reach (0: none)
     */
    static Result check(Path file, Optional<Sha256Digest> anchor, long knownHeadSequence) throws IOException {
        Objects.requireNonNull(anchor, "anchor");
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            ChainWalk walk = null;
            long first = 0;
            Sha256Digest start = null;
            long lineNumber = 0;
            String line;
            while ((line = in.readLine()) != null) {
                lineNumber++;
                AuditEntry entry;
                try {
                    entry = AuditJsonLines.parse(line);
                } catch (IllegalArgumentException e) {
                    return new Unreadable(lineNumber, e.getMessage(), walk == null ? 0 : walk.verified());
                }
                if (walk == null) {
                    first = entry.sequence();
                    start = anchor.orElse(first == 1 ? Sha256Digest.zero() : entry.previousHash());
                    walk = ChainWalk.after(first, start);
                }
                Optional<ChainVerdict.Broken> broken = walk.next(entry);
                if (broken.isPresent()) {
                    return new Broken(broken.get(), lineNumber);
                }
            }
            if (walk == null) {
                return new Empty();
            }
            ChainVerdict end = walk.end(knownHeadSequence);
            if (end instanceof ChainVerdict.Broken broken) {
                return new Broken(broken, lineNumber + 1);
            }
            return new Intact(first, walk.expectedSequence() - 1, start, ((ChainVerdict.Intact) end).headHash());
        }
    }

    /** The entry hash the export holds for entry {@code sequence}, if a readable line holds it. */
    static Optional<Sha256Digest> hashAt(Path file, long sequence) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                try {
                    AuditEntry entry = AuditJsonLines.parse(line);
                    if (entry.sequence() == sequence) {
                        return Optional.of(entry.entryHash());
                    }
                } catch (IllegalArgumentException unreadable) {
                    return Optional.empty();
                }
            }
            return Optional.empty();
        }
    }

    /** SHA-256 of the file's bytes, to name the archive in the prune's audit entry. */
    static Sha256Digest fileSha256(Path file) throws IOException {
        MessageDigest digest = Sha256Digest.newDigest();
        try (InputStream in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return new Sha256Digest(digest.digest());
    }
}
