package io.edgeprov.gateway.app;

import io.edgeprov.gateway.registry.ChallengeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes challenges that expired more than {@link #KEEP_EXPIRED} ago, so the table holds only
 * recent ones however many devices attest. The expired ones are kept a while so that a device
 * finishing late is still told its challenge expired (or was replayed) rather than that it is
 * unknown. Runs on the gateway's scheduler; a failure is logged and the next run tries again.
 */
final class ChallengePurge implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChallengePurge.class);
    static final Duration EVERY = Duration.ofMinutes(10);
    static final Duration KEEP_EXPIRED = Duration.ofHours(1);

    private final ChallengeStore challenges;
    private final Clock clock;

    ChallengePurge(ChallengeStore challenges, Clock clock) {
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public void run() {
        try {
            challenges.purgeExpired(clock.instant().minus(KEEP_EXPIRED)).whenComplete((purged, error) -> {
                if (error != null) {
                    LOG.warn("purging expired challenges failed: {}", error.toString());
                } else if (purged > 0) {
                    LOG.debug("purged {} challenges expired more than {} ago", purged, KEEP_EXPIRED);
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("purging expired challenges failed: {}", e.toString());
        }
    }
}
