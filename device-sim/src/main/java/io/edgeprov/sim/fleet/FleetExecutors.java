package io.edgeprov.sim.fleet;

import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;

/**
 * A caller's executors for a fleet run.
 *
 * @param timer   times renewals, retries, reconnects and progress; its tasks never block
 * @param workers runs the blocking device steps (connects, request/reply waits)
 */
public record FleetExecutors(ScheduledExecutorService timer, ExecutorService workers) {
    public FleetExecutors {
        Objects.requireNonNull(timer, "timer");
        Objects.requireNonNull(workers, "workers");
    }
}
