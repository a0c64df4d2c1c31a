package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/**
 * An outbox entry as sync sends it: its place in this gateway's sequence of events, which upstream
 * receivers use to order and deduplicate per origin, and the decision it carries.
 *
 * @param sequence this gateway's outbox sequence number, increasing
 * @param revocation the decision, with its actor and note
 * @param event the outbox row (serials revoked here, when queued)
 */
public record QueuedEvent(long sequence, RevocationRecord revocation, OutboundEvent event) {
    public QueuedEvent {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive, got " + sequence);
        }
        Objects.requireNonNull(revocation, "revocation");
        Objects.requireNonNull(event, "event");
        if (!revocation.eventId().equals(event.eventId())) {
            throw new IllegalArgumentException("the outbox row and the revocation name different events");
        }
    }
}
