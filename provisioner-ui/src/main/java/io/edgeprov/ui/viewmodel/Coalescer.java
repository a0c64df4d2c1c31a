package io.edgeprov.ui.viewmodel;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Collapses a storm of live events into at most one UI update per interval: each key keeps only its
 * latest value, and one batch reaches the UI thread per flush. A thousand changes to the fleet in a
 * second become a few table refreshes, so the UI never queues more work than it can draw.
 */
public final class Coalescer<K, V> {
    private final UiThread ui;
    private final ScheduledExecutorService timer;
    private final long intervalMillis;
    private final Consumer<Map<K, V>> apply;
    private final Object lock = new Object();
    private Map<K, V> pending = new LinkedHashMap<>();
    private boolean scheduled;
    private long flushes;

    /**
     * @param timer   delays a flush by {@code intervalMillis} after the first event of a batch; with
     *                {@code intervalMillis == 0} the flush goes straight to the UI thread
     * @param apply   runs on the UI thread with the batch (insertion order, latest value per key)
     */
    public Coalescer(UiThread ui, ScheduledExecutorService timer, long intervalMillis, Consumer<Map<K, V>> apply) {
        this.ui = Objects.requireNonNull(ui);
        this.timer = timer;
        this.intervalMillis = intervalMillis;
        this.apply = Objects.requireNonNull(apply);
    }

    /** From any thread. */
    public void offer(K key, V value) {
        boolean schedule;
        synchronized (lock) {
            pending.remove(key);
            pending.put(key, value);
            schedule = !scheduled;
            scheduled = true;
        }
        if (schedule) {
            if (intervalMillis <= 0 || timer == null) {
                ui.run(this::flush);
            } else {
                timer.schedule(() -> ui.run(this::flush), intervalMillis, TimeUnit.MILLISECONDS);
            }
        }
    }

    private void flush() {
        Map<K, V> batch;
        synchronized (lock) {
            batch = pending;
            pending = new LinkedHashMap<>();
            scheduled = false;
            flushes++;
        }
        if (!batch.isEmpty()) {
            apply.accept(batch);
        }
    }

    /** How many batches reached the UI thread (tests and the dashboard's own health). */
    public long flushes() {
        synchronized (lock) {
            return flushes;
        }
    }
}
