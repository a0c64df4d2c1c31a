package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.RevocationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How and when a device learned that the certificate it holds was revoked.
 *
 * <p>Only a notice says when the gateway revoked the certificate; a refused connect or renewal carries
 * no time, so for those {@code revokedAt} and {@link #latency()} are empty rather than guessed. The
 * contract sends {@code revokedAt} in whole seconds (truncated), so a latency overstates the real one by
 * up to a second.
 *
 * @param serial    the revoked certificate's serial, lowercase hex, as the notice writes it
 * @param noticedAt when the device noticed, on its own clock
 * @param revokedAt when the gateway revoked it, from the notice
 * @param reason    the RFC 5280 reason, from the notice
 */
public record NoticedRevocation(RevocationPath path, String serial, Instant noticedAt, Optional<Instant> revokedAt,
                                Optional<RevocationReason> reason) {
    public NoticedRevocation {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(noticedAt, "noticedAt");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        if (path == RevocationPath.NOTICE && revokedAt.isEmpty()) {
            throw new IllegalArgumentException("revokedAt: a notice always says when");
        }
    }

    /** From revocation to noticing; zero when the device's clock is behind the gateway's; empty without a notice. */
    public Optional<Duration> latency() {
        return revokedAt.map(at -> {
            Duration d = Duration.between(at, noticedAt);
            return d.isNegative() ? Duration.ZERO : d;
        });
    }

    /** For the event log: the path, the serial and what is known of when and why. */
    String describe() {
        return path + " serial " + serial + reason.map(r -> " " + r.rfcName()).orElse("")
                + revokedAt.map(at -> " revoked at " + at).orElse(" (no revocation time on this path)");
    }
}
