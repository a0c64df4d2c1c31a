package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes challenges that expired more than {@link #KEEP_EXPIRED} ago, so the table holds only
 * recent ones however many devices attest. The expired ones are kept a while so that a device
 * finishing late is still told its challenge expired (or was replayed) rather than that it is
 * unknown. Runs on the injected upkeep scheduler; a failure is logged and the next run tries again.
 */
final class ChallengePurge implements GatewayPart, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(ChallengePurge.class);
    static final Duration EVERY = Duration.ofMinutes(10);
    static final Duration KEEP_EXPIRED = Duration.ofHours(1);

    private final ChallengeStore challenges;
    private final Clock clock;
    private final ScheduledExecutorService scheduler;
    private volatile Optional<ScheduledFuture<?>> scheduled = Optional.empty();
    private volatile boolean lastRunFailed;

    ChallengePurge(ChallengeStore challenges, Clock clock, ScheduledExecutorService scheduler) {
        this.challenges = Objects.requireNonNull(challenges, "challenges");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public String name() {
        return "challengePurge";
    }

    @Override
    public void start() {
        scheduled = Optional.of(scheduler.scheduleWithFixedDelay(this, 0, EVERY.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public PartHealth health() {
        if (scheduled.isEmpty()) {
            return PartHealth.down("not started");
        }
        // A failed purge is not an outage: devices are served; the table only grows until the next run.
        return PartHealth.up(lastRunFailed ? "last purge failed, retrying every " + EVERY : "every " + EVERY);
    }

    @Override
    public void stop() {
        scheduled.ifPresent(future -> future.cancel(false));
        scheduled = Optional.empty();
    }

    @Override
    public void run() {
        try {
            challenges.purgeExpired(clock.instant().minus(KEEP_EXPIRED)).whenComplete((purged, error) -> {
                lastRunFailed = error != null;
                if (error != null) {
                    LOG.warn("purging expired challenges failed: {}", error.toString());
                } else if (purged > 0) {
                    LOG.debug("purged {} challenges expired more than {} ago", purged, KEEP_EXPIRED);
                }
            });
        } catch (RuntimeException e) {
            lastRunFailed = true;
            LOG.warn("purging expired challenges failed: {}", e.toString());
        }
    }
}
