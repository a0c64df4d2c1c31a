package io.edgeprov.gateway.core.fleet;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A page of the audit trail, newest first. Filters match exactly; {@code from} inclusive, {@code to} exclusive;
 * {@code beforeSequence} continues after the previous page's last entry.
 */
public record AuditQuery(Optional<String> actor, Optional<String> action, Optional<String> target, Optional<Instant> from,
        Optional<Instant> to, Optional<Long> beforeSequence, int size) {
    public AuditQuery {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(beforeSequence, "beforeSequence");
        if (size < 1 || size > FleetQuery.MAX_SIZE) {
            throw new IllegalArgumentException("a page holds 1 to " + FleetQuery.MAX_SIZE + " rows, got " + size);
        }
    }
}
