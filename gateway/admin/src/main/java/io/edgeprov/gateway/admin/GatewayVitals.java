package io.edgeprov.gateway.admin;

import java.util.Optional;

/** Figures the dashboard shows that live outside the fleet's tables (the upstream sync's outbox). */
public interface GatewayVitals {
    /** Revocation events waiting to go upstream. */
    long outboxDepth();

    /** Seconds the oldest waiting event has waited; empty when nothing waits. */
    Optional<Long> syncLagSeconds();

    static GatewayVitals none() {
        return new GatewayVitals() {
            @Override
            public long outboxDepth() {
                return 0;
            }

            @Override
            public Optional<Long> syncLagSeconds() {
                return Optional.empty();
            }
        };
    }
}
