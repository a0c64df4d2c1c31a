package io.edgeprov.gateway.core.policy;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Token buckets keyed by a device id or a source address.
 *
 * <p>Keys come from the network (a spoofed client id, a new source port per attempt), so the
 * number of buckets is capped: the least recently used bucket is dropped first. A dropped bucket
 * comes back full, which errs toward letting a client in, never toward unbounded memory.
 */
public final class RateLimiter {
    private final double capacity;
    private final double refillPerNano;
    private final int maxKeys;
    private final Clock clock;
    private final Map<String, Bucket> buckets;

    /**
     * @param perMinute requests allowed per minute, sustained; also the burst size
     * @param maxKeys   the most keys tracked at once
     */
    public RateLimiter(int perMinute, int maxKeys, Clock clock) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1");
        }
        if (maxKeys < 1) {
            throw new IllegalArgumentException("maxKeys must be at least 1");
        }
        this.capacity = perMinute;
        this.refillPerNano = perMinute / (double) Duration.ofMinutes(1).toNanos();
        this.maxKeys = maxKeys;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.buckets = new LinkedHashMap<>(16, 0.75f, true) {
            private static final long serialVersionUID = 1L;

            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Bucket> eldest) {
                return size() > RateLimiter.this.maxKeys;
            }
        };
    }

    /** Takes one token for {@code key}; false when the key has used up its allowance. */
    public synchronized boolean tryAcquire(String key) {
        long now = nanos();
        Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
        bucket.refill(now, capacity, refillPerNano);
        if (bucket.tokens >= 1.0) {
            bucket.tokens -= 1.0;
            return true;
        }
        return false;
    }

    /** How many keys are tracked now (for the metrics gauge). */
    public synchronized int trackedKeys() {
        return buckets.size();
    }

    private long nanos() {
        java.time.Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private static final class Bucket {
        double tokens;
        long updatedNanos;

        Bucket(double tokens, long now) {
            this.tokens = tokens;
            this.updatedNanos = now;
        }

        void refill(long now, double capacity, double refillPerNano) {
            long elapsed = Math.max(0, now - updatedNanos);
            tokens = Math.min(capacity, tokens + elapsed * refillPerNano);
            updatedNanos = now;
        }
    }
}
