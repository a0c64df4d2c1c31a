package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.enrollment.RefusalSummaries;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the summaries of repeated refusals on the audit chain when their window ends, even if no further
 * refusal comes to do it, and on stop summarises whatever is still counted, so a stopping gateway leaves
 * nothing off the chain. Starts before the front ends and stops after them. Runs on the upkeep scheduler.
 */
final class RefusalSummaryFlush implements GatewayPart, Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalSummaryFlush.class);
    /** How long stop waits for the last summaries to be committed. */
    static final Duration FINAL_FLUSH_WAIT = Duration.ofSeconds(10);

    private final RefusalSummaries summaries;
    private final ScheduledExecutorService scheduler;
    private final Duration every;
    private volatile Optional<ScheduledFuture<?>> scheduled = Optional.empty();
    private volatile boolean lastRunFailed;

    RefusalSummaryFlush(RefusalSummaries summaries, ScheduledExecutorService scheduler) {
        this.summaries = Objects.requireNonNull(summaries, "summaries");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.every = period(summaries.window());
    }

    /** A sixth of the window, from 1 s to 10 s: a summary lands at most that long after its window ends. */
    static Duration period(Duration window) {
        Duration sixth = window.dividedBy(6);
        if (sixth.compareTo(Duration.ofSeconds(1)) < 0) {
            return Duration.ofSeconds(1);
        }
        return sixth.compareTo(Duration.ofSeconds(10)) > 0 ? Duration.ofSeconds(10) : sixth;
    }

    @Override
    public String name() {
        return "refusalSummaries";
    }

    @Override
    public void start() {
        scheduled = Optional.of(scheduler.scheduleWithFixedDelay(this, every.toMillis(), every.toMillis(),
                TimeUnit.MILLISECONDS));
    }

    @Override
    public PartHealth health() {
        if (scheduled.isEmpty()) {
            return PartHealth.down("not started");
        }
        // A failed append is not an outage: refusals are still refused and counted in the metrics.
        return PartHealth.up((lastRunFailed ? "last flush failed; " : "") + summaries.describe());
    }

    @Override
    public void stop() {
        scheduled.ifPresent(future -> future.cancel(false));
        scheduled = Optional.empty();
        try {
            summaries.closeAndFlush().get(FINAL_FLUSH_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            LOG.warn("the last refusal summaries may be missing from the audit log: {}", e.toString());
        }
    }

    @Override
    public void run() {
        try {
            summaries.flush().whenComplete((done, error) -> lastRunFailed = error != null);
        } catch (RuntimeException e) {
            lastRunFailed = true;
            LOG.warn("summarising repeated refusals failed, will retry: {}", e.toString());
        }
    }
}
