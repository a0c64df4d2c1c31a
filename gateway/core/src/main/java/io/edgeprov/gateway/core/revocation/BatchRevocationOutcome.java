package io.edgeprov.gateway.core.revocation;

import java.math.BigInteger;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a batch revocation did.
 *
 * @param preview the devices it found when it ran
 * @param revoked each device it revoked, with its serials and event id
 * @param crlNumber the CRL published afterwards (absent when nothing was revoked)
 * @param took from the command to the published CRL
 */
public record BatchRevocationOutcome(RevocationPreview preview, List<RevocationOutcome> revoked,
        Optional<BigInteger> crlNumber, Duration took) {
    public BatchRevocationOutcome {
        Objects.requireNonNull(preview, "preview");
        revoked = List.copyOf(revoked);
        Objects.requireNonNull(crlNumber, "crlNumber");
        Objects.requireNonNull(took, "took");
    }

    /** Certificates revoked in all. */
    public int certificates() {
        return revoked.stream().mapToInt(r -> r.serials().size()).sum();
    }
}
