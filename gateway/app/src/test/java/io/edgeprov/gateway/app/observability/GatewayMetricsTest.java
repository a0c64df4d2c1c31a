package io.edgeprov.gateway.app.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class GatewayMetricsTest {
    private enum Kind { CONNECT_CERTIFICATE_REVOKED, PUBLISH_NOT_PERMITTED, SUBSCRIBE_NOT_PERMITTED }

    private final GatewayMetrics metrics = new GatewayMetrics();

    @Test
    void each_unauthorized_attempt_is_counted_under_its_kind_in_lower_case() {
        metrics.unauthorizedAttempt(Kind.PUBLISH_NOT_PERMITTED);
        metrics.unauthorizedAttempt(Kind.PUBLISH_NOT_PERMITTED);
        metrics.unauthorizedAttempt(Kind.CONNECT_CERTIFICATE_REVOKED);

        Scrape scrape = Scrape.of(metrics.scrape());
        assertThat(scrape.sample("edgeprov_unauthorized_attempts_total", "kind=\"publish_not_permitted\"")).contains(2.0);
        assertThat(scrape.sample("edgeprov_unauthorized_attempts_total", "kind=\"connect_certificate_revoked\"")).contains(1.0);
    }

    @Test
    void declared_kinds_are_exposed_at_zero_before_any_attempt() {
        metrics.declareUnauthorizedKinds(List.of(Kind.values()));

        Scrape scrape = Scrape.of(metrics.scrape());
        for (Kind kind : Kind.values()) {
            assertThat(scrape.sample("edgeprov_unauthorized_attempts_total",
                    "kind=\"" + kind.name().toLowerCase(java.util.Locale.ROOT) + "\"")).as(kind.name()).contains(0.0);
        }
    }

    @Test
    void declaring_kinds_again_keeps_their_counts() {
        metrics.unauthorizedAttempt(Kind.SUBSCRIBE_NOT_PERMITTED);

        metrics.declareUnauthorizedKinds(List.of(Kind.values()));

        assertThat(Scrape.of(metrics.scrape()).unauthorized("subscribe_not_permitted")).isEqualTo(1.0);
    }

    @Test
    void a_gauge_reads_its_source_on_every_scrape() {
        AtomicLong open = new AtomicLong(3);
        metrics.gauge("edgeprov_challenges_open", "open challenges", open::get);
        assertThat(Scrape.of(metrics.scrape()).gauge("edgeprov_challenges_open")).isEqualTo(3.0);

        open.set(1);

        assertThat(Scrape.of(metrics.scrape()).gauge("edgeprov_challenges_open")).isEqualTo(1.0);
    }

    @Test
    void a_gauge_name_must_be_a_fixed_lower_case_word() {
        assertThatThrownBy(() -> metrics.gauge("Challenges Open", "bad", () -> 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
