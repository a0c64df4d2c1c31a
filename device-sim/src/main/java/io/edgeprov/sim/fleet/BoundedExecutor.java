package io.edgeprov.sim.fleet;

import java.util.Objects;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs tasks on a delegate executor, at most {@code limit} at a time, in submission order; the
 * rest wait in a queue. It keeps a fleet's concurrency bound even on a caller's larger pool.
 */
final class BoundedExecutor implements Executor {
    private final Executor delegate;
    private final int limit;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final AtomicInteger running = new AtomicInteger();

    BoundedExecutor(Executor delegate, int limit) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        if (limit < 1) {
            throw new IllegalArgumentException("limit: must be at least 1, was " + limit);
        }
        this.limit = limit;
    }

    @Override
    public void execute(Runnable task) {
        waiting.add(Objects.requireNonNull(task, "task"));
        drain();
    }

    private void drain() {
        while (!waiting.isEmpty()) {
            int now = running.get();
            if (now >= limit) {
                return;
            }
            if (!running.compareAndSet(now, now + 1)) {
                continue;
            }
            Runnable next = waiting.poll();
            if (next == null) {
                running.decrementAndGet();
                continue;
            }
            try {
                delegate.execute(() -> {
                    try {
                        next.run();
                    } finally {
                        running.decrementAndGet();
                        drain();
                    }
                });
            } catch (RejectedExecutionException e) {
                // the delegate is shutting down: the fleet is stopping, so the task is dropped
                running.decrementAndGet();
                return;
            }
        }
    }
}
