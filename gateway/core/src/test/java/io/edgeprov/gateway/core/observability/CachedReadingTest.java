package io.edgeprov.gateway.core.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class CachedReadingTest {
    private final AtomicLong nanos = new AtomicLong(1_000);
    private final AtomicInteger reads = new AtomicInteger();

    private final CachedReading<Integer> reading = new CachedReading<>(reads::incrementAndGet, Duration.ofSeconds(5), nanos::get);

    @Test
    void the_first_get_reads_the_source() {
        assertThat(reading.get()).isEqualTo(1);
    }

    @Test
    void gets_within_the_maximum_age_share_one_read() {
        reading.get();
        nanos.addAndGet(Duration.ofMillis(4_999).toNanos());

        assertThat(reading.get()).isEqualTo(1);
        assertThat(reads).hasValue(1);
    }

    @Test
    void a_get_once_the_maximum_age_has_passed_reads_again() {
        reading.get();
        nanos.addAndGet(Duration.ofSeconds(5).toNanos());

        assertThat(reading.get()).isEqualTo(2);
    }

    @Test
    void a_failed_read_is_not_cached() {
        AtomicInteger attempts = new AtomicInteger();
        CachedReading<Integer> flaky = new CachedReading<>(() -> {
            if (attempts.incrementAndGet() == 1) {
                throw new IllegalStateException("registry busy");
            }
            return 42;
        }, Duration.ofSeconds(5), nanos::get);

        assertThatThrownBy(flaky::get).isInstanceOf(IllegalStateException.class);
        assertThat(flaky.get()).isEqualTo(42);
    }
}
