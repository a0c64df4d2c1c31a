package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/**
 * A revocation another gateway of the fleet decided, to record and enforce here.
 *
 * @param revocation the decision, with its origin gateway
 */
public record InboundRevocation(RevocationRecord revocation) {
    public InboundRevocation {
        Objects.requireNonNull(revocation, "revocation");
        if (!(revocation.origin() instanceof RevocationOrigin.Gateway)) {
            throw new IllegalArgumentException("an inbound revocation comes from another gateway");
        }
    }
}
