package io.edgeprov.gateway.core.observability;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A value that is slow to read (a database scan), read at most once per {@code maxAge} however
 * often gauges ask; several gauges can share one reading. A failed read is not cached: the next
 * call tries again. Safe for concurrent use; callers asking during a read wait for it.
 */
public final class CachedReading<T> {
    private final Supplier<T> source;
    private final long maxAgeNanos;
    private final LongSupplier nanoTime;
    private Optional<T> value = Optional.empty();
    private long readAt;

    /** @param nanoTime a monotonic clock such as {@code System::nanoTime} (wall clocks jump) */
    public CachedReading(Supplier<T> source, Duration maxAge, LongSupplier nanoTime) {
        this.source = Objects.requireNonNull(source, "source");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge must not be negative");
        }
        this.maxAgeNanos = maxAge.toNanos();
    }

    /** The cached value, or a fresh one when none was read yet or the last is older than {@code maxAge}. */
    public synchronized T get() {
        long now = nanoTime.getAsLong();
        if (value.isEmpty() || now - readAt >= maxAgeNanos) {
            value = Optional.of(Objects.requireNonNull(source.get(), "a reading must not be null"));
            readAt = now;
        }
        return value.get();
    }
}
