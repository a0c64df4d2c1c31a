package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/**
 * A revocation another gateway of the fleet decided, to record and enforce here.
 *
 * @param revocation the decision, with its origin gateway
 * @param originSequence where it stands in its origin's sequence of events (the origin's outbox number),
 *        which the inbox keeps so each origin's events are recorded once and in order
 */
public record InboundRevocation(RevocationRecord revocation, long originSequence) {
    public InboundRevocation {
        Objects.requireNonNull(revocation, "revocation");
        if (!(revocation.origin() instanceof RevocationOrigin.Gateway)) {
            throw new IllegalArgumentException("an inbound revocation comes from another gateway");
        }
        if (originSequence < 1) {
            throw new IllegalArgumentException("originSequence must be positive, got " + originSequence);
        }
    }

    /** The origin gateway's id. */
    public String originId() {
        return ((RevocationOrigin.Gateway) revocation.origin()).gatewayId();
    }
}
