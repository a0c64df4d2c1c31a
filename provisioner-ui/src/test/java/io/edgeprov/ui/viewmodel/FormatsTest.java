package io.edgeprov.ui.viewmodel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class FormatsTest {
    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");

    @Test
    void expiry_counts_down_and_turns_urgent_within_the_hour() {
        assertThat(Formats.countdown(NOW, NOW.plusSeconds(5 * 3600 + 12 * 60))).isEqualTo("in 5h 12m");
        assertThat(Formats.countdown(NOW, NOW.plusSeconds(42))).isEqualTo("in 42s");
        assertThat(Formats.countdown(NOW, NOW.minusSeconds(180))).isEqualTo("expired 3m 0s ago");
        assertThat(Formats.countdown(NOW, null)).isEqualTo("—");
        assertThat(Formats.expiryStyle(NOW, NOW.plusSeconds(1800))).isEqualTo("expiry-urgent");
        assertThat(Formats.expiryStyle(NOW, NOW.plusSeconds(4 * 3600))).isEqualTo("expiry-soon");
        assertThat(Formats.expiryStyle(NOW, NOW.plusSeconds(20 * 3600))).isEmpty();
    }

    @Test
    void a_refusal_code_reads_as_what_it_means() {
        assertThat(Formats.refusalWords("NOT_ENROLLED")).isEqualTo("no enabled enrollment allows this EK or serial");
        assertThat(Formats.refusalWords("203")).startsWith("the EK public area does not match");
        assertThat(Formats.refusalWords("SOMETHING_NEW")).isEqualTo("SOMETHING_NEW");
    }
}
