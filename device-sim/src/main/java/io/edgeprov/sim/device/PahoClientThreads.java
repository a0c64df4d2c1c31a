package io.edgeprov.sim.device;

import java.util.List;
import java.util.concurrent.AbstractExecutorService;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Threads shared by many Paho clients. Without it each client starts a receiver, a sender, a
 * callback and a connect thread per connection, plus a ping timer, and lets them die at
 * disconnect: a fleet enrolling hundreds of devices a second spent a sixth of its CPU starting
 * and reaping threads.
 *
 * <p>Paho runs its receive, send and callback loops as tasks that last as long as the connection,
 * so tasks go to a pool that grows without bound and keeps idle threads a while for the next
 * connection; only keep-alive pings, which are short, share one scheduler thread. Paho never shuts
 * an executor it was given down; the owner closes this once every client is closed.
 */
public final class PahoClientThreads extends AbstractExecutorService implements ScheduledExecutorService, AutoCloseable {

    private static final long IDLE_SECONDS = 30;

    private final ThreadPoolExecutor loops;
    private final ScheduledThreadPoolExecutor pings;

    /** @param prefix the start of every thread's name (Paho renames the loop threads while it runs on them) */
    public PahoClientThreads(String prefix) {
        this.loops = new ThreadPoolExecutor(0, Integer.MAX_VALUE, IDLE_SECONDS, TimeUnit.SECONDS, new SynchronousQueue<>(),
                daemons(prefix + "-loop"));
        this.pings = new ScheduledThreadPoolExecutor(1, daemons(prefix + "-ping"));
        pings.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory daemons(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void execute(Runnable task) {
        loops.execute(task);
    }

    @Override
    public ScheduledFuture<?> schedule(Runnable task, long delay, TimeUnit unit) {
        return pings.schedule(task, delay, unit);
    }

    @Override
    public <V> ScheduledFuture<V> schedule(Callable<V> task, long delay, TimeUnit unit) {
        return pings.schedule(task, delay, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable task, long initialDelay, long period, TimeUnit unit) {
        return pings.scheduleAtFixedRate(task, initialDelay, period, unit);
    }

    @Override
    public ScheduledFuture<?> scheduleWithFixedDelay(Runnable task, long initialDelay, long delay, TimeUnit unit) {
        return pings.scheduleWithFixedDelay(task, initialDelay, delay, unit);
    }

    /** Threads alive now, idle ones included; for tests and progress lines. */
    public int threads() {
        return loops.getPoolSize() + pings.getPoolSize();
    }

    @Override
    public void shutdown() {
        loops.shutdown();
        pings.shutdown();
    }

    @Override
    public List<Runnable> shutdownNow() {
        return Stream.concat(loops.shutdownNow().stream(), pings.shutdownNow().stream()).toList();
    }

    @Override
    public boolean isShutdown() {
        return loops.isShutdown() && pings.isShutdown();
    }

    @Override
    public boolean isTerminated() {
        return loops.isTerminated() && pings.isTerminated();
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        return loops.awaitTermination(timeout, unit)
                && pings.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
    }

    /** Interrupts whatever still runs; clients left open lose their loops. */
    @Override
    public void close() {
        shutdownNow();
    }
}
