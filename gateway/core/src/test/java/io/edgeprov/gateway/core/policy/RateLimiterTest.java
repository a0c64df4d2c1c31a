package io.edgeprov.gateway.core.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    /** A clock the test moves by hand. */
    private static final class ManualClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    private final ManualClock clock = new ManualClock();

    @Test
    void allows_a_burst_up_to_the_per_minute_allowance_then_refuses() {
        RateLimiter limiter = new RateLimiter(5, 100, clock);
        for (int i = 0; i < 5; i++) {
            assertThat(limiter.tryAcquire("dev-1")).isTrue();
        }
        assertThat(limiter.tryAcquire("dev-1")).isFalse();
    }

    @Test
    void refills_over_time() {
        RateLimiter limiter = new RateLimiter(6, 100, clock);
        for (int i = 0; i < 6; i++) {
            limiter.tryAcquire("dev-1");
        }
        clock.advance(Duration.ofSeconds(10));
        assertThat(limiter.tryAcquire("dev-1")).isTrue();
        assertThat(limiter.tryAcquire("dev-1")).isFalse();
    }

    @Test
    void keys_do_not_share_an_allowance() {
        RateLimiter limiter = new RateLimiter(1, 100, clock);
        assertThat(limiter.tryAcquire("dev-1")).isTrue();
        assertThat(limiter.tryAcquire("dev-2")).isTrue();
        assertThat(limiter.tryAcquire("dev-1")).isFalse();
    }

    @Test
    void tracks_no_more_keys_than_its_cap() {
        RateLimiter limiter = new RateLimiter(1, 3, clock);
        for (int i = 0; i < 1000; i++) {
            limiter.tryAcquire("spoofed-" + i);
        }
        assertThat(limiter.trackedKeys()).isEqualTo(3);
    }
}
