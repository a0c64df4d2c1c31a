package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BackoffTest {
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(2));
    private final SplittableRandom random = new SplittableRandom(7);

    @Test
    void each_attempt_waits_between_half_and_all_of_its_exponential_ceiling() {
        for (int attempt = 0; attempt < 4; attempt++) {
            long ceiling = 100L << attempt;
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(attempt, random).toMillis()).isBetween(ceiling / 2, ceiling);
            }
        }
    }

    @Test
    void delay_never_exceeds_the_maximum() {
        assertThat(backoff.delay(40, random)).isLessThanOrEqualTo(Duration.ofSeconds(2)).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void delays_are_jittered() {
        assertThat(java.util.stream.IntStream.range(0, 20).mapToObj(i -> backoff.delay(3, random)).distinct().count()).isGreaterThan(1);
    }

    @Test
    void maximum_shorter_than_initial_is_refused() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1))).hasMessageContaining("max");
    }
}
