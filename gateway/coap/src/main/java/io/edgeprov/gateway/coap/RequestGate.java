package io.edgeprov.gateway.coap;

import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Semaphore;

/**
 * Admits a device request or says why not, before anything is decoded: the source address's rate
 * (the same per-source limit the MQTT front end applies) and a cap on requests being answered at once,
 * so a burst queues nowhere unbounded and the device is told to come back (5.03 with Max-Age).
 */
final class RequestGate {
    /** Why a request was not admitted; the reason goes into the Rejection. */
    record Refusal(String reason) {
    }

    private final SourceAdmission sources;
    private final UnauthorizedAttempts attempts;
    private final Semaphore inFlight;

    RequestGate(SourceAdmission sources, UnauthorizedAttempts attempts, int maxInFlight) {
        this.sources = Objects.requireNonNull(sources, "sources");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.inFlight = new Semaphore(maxInFlight);
    }

    /** Admits a request (then {@link #leave()} must follow once it is answered), or says why not. */
    Optional<Refusal> enter(String sourceAddress) {
        if (!sources.admit(sourceAddress)) {
            attempts.count(UnauthorizedKind.SOURCE_RATE_LIMITED);
            return Optional.of(new Refusal("too many requests from this address; retry later"));
        }
        if (!inFlight.tryAcquire()) {
            return Optional.of(new Refusal("the gateway is busy; retry later"));
        }
        return Optional.empty();
    }

    void leave() {
        inFlight.release();
    }

    int available() {
        return inFlight.availablePermits();
    }
}
