package io.edgeprov.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuditHashingTest {

    private static final Instant AT = Instant.parse("2026-03-01T10:15:30.123456789Z");

    @Test
    void moving_text_from_one_field_to_the_next_changes_the_hash() {
        AuditEvent one = AuditEvent.of(AT, "ab", "c", "t", AuditOutcome.SUCCESS, "OK");
        AuditEvent other = AuditEvent.of(AT, "a", "bc", "t", AuditOutcome.SUCCESS, "OK");

        assertThat(hash(one)).isNotEqualTo(hash(other));
    }

    @Test
    void moving_text_between_detail_key_and_value_changes_the_hash() {
        AuditEvent one = event(Map.of("ab", "c"));
        AuditEvent other = event(Map.of("a", "bc"));

        assertThat(hash(one)).isNotEqualTo(hash(other));
    }

    @Test
    void the_hash_covers_the_previous_hash() {
        AuditEvent event = event(Map.of());

        assertThat(AuditHashing.entryHash(1, event, Sha256Digest.zero()))
                .isNotEqualTo(AuditHashing.entryHash(1, event, Sha256Digest.of(new byte[] {1})));
    }

    @Test
    void the_hash_covers_the_sequence_number() {
        AuditEvent event = event(Map.of());

        assertThat(AuditHashing.entryHash(1, event, Sha256Digest.zero()))
                .isNotEqualTo(AuditHashing.entryHash(2, event, Sha256Digest.zero()));
    }

    @Test
    void the_hash_covers_nanoseconds_of_the_timestamp() {
        AuditEvent event = event(Map.of());
        AuditEvent later = AuditEvent.of(AT.plusNanos(1), "op", "act", "t", AuditOutcome.SUCCESS, "OK");

        assertThat(hash(event)).isNotEqualTo(hash(later));
    }

    @Test
    void equal_events_hash_equally_whatever_the_order_details_were_given_in() {
        AuditEvent one = event(Map.of("a", "1", "b", "2"));
        AuditEvent other = event(Map.of("b", "2", "a", "1"));

        assertThat(hash(one)).isEqualTo(hash(other));
    }

    private static AuditEvent event(Map<String, String> details) {
        return new AuditEvent(AT, "op", "act", "t", AuditOutcome.SUCCESS, "OK", details);
    }

    private static Sha256Digest hash(AuditEvent event) {
        return AuditHashing.entryHash(1, event, Sha256Digest.zero());
    }
}
