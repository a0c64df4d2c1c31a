package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.GivenRecords;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.app.observability.GatewayMetrics;
import io.edgeprov.gateway.app.observability.Scrape;
import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.ConsumeResult;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegistryGaugesTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final DeviceStore devices = registry.devices();
    private final ChallengeStore challenges = registry.challenges();
    private final CertificateStore certificates = registry.certificates();
    private final AtomicLong nanos = new AtomicLong();
    private final GatewayMetrics metrics = new GatewayMetrics();

    @BeforeEach
    void given_a_registered_device_and_the_gauges() {
        devices.save(DeviceRecord.pending("dev-1")).join();
        RegistryGauges.register(metrics, challenges, certificates, CLOCK, nanos::get);
    }

    @Test
    void open_challenges_are_read_afresh_on_every_scrape() {
        givenChallenge("c1");
        givenChallenge("c2");
        assertThat(scrape().gauge("edgeprov_challenges_open")).isEqualTo(2.0);

        challenges.consume("c1", NOW).join();

        assertThat(scrape().gauge("edgeprov_challenges_open")).isEqualTo(1.0);
    }

    @Test
    void active_certificates_and_the_oldest_ones_age_come_from_one_reading() {
        givenCertificate("a1", NOW.minus(Duration.ofHours(3)));
        givenCertificate("a2", NOW.minus(Duration.ofHours(1)));

        Scrape scrape = scrape();

        assertThat(scrape.gauge("edgeprov_certificates_active")).isEqualTo(2.0);
        assertThat(scrape.gauge("edgeprov_certificate_oldest_active_age_seconds")).isEqualTo(3 * 3600.0);
    }

    @Test
    void the_certificate_reading_is_reused_until_it_is_older_than_its_limit() {
        givenCertificate("a1", NOW.minus(Duration.ofHours(3)));
        scrape();
        givenCertificate("a2", NOW.minus(Duration.ofHours(1)));

        assertThat(scrape().gauge("edgeprov_certificates_active")).as("within the limit").isEqualTo(1.0);
        nanos.addAndGet(RegistryGauges.CERTIFICATE_READ_EVERY.toNanos());
        assertThat(scrape().gauge("edgeprov_certificates_active")).as("past the limit").isEqualTo(2.0);
    }

    @Test
    void with_no_active_certificate_the_oldest_age_is_not_a_number() {
        Scrape scrape = scrape();

        assertThat(scrape.gauge("edgeprov_certificates_active")).isZero();
        assertThat(scrape.gauge("edgeprov_certificate_oldest_active_age_seconds")).isNaN();
    }

    @Test
    void a_registry_that_cannot_be_read_shows_not_a_number_and_the_scrape_still_succeeds() {
        GatewayMetrics failing = new GatewayMetrics();
        RegistryGauges.register(failing, unreadableChallenges(), certificates, CLOCK, nanos::get);

        assertThat(Scrape.of(failing.scrape()).gauge("edgeprov_challenges_open")).isNaN();
    }

    private Scrape scrape() {
        return Scrape.of(metrics.scrape());
    }

    private void givenChallenge(String id) {
        challenges.put(StoredChallenge.forSecret(id, "dev-1", new byte[] {1}, new byte[34], NOW, NOW.plusSeconds(60))).join();
    }

    private void givenCertificate(String serial, Instant notBefore) {
        GivenRecords.issued(registry, new CertificateRecord(serial, "dev-1", notBefore, notBefore.plus(Duration.ofHours(24)),
                new byte[] {1}, notBefore, Optional.empty()));
    }

    private static ChallengeStore unreadableChallenges() {
        return new ChallengeStore() {
            @Override
            public CompletableFuture<StoredChallenge> put(StoredChallenge challenge) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Optional<StoredChallenge> find(String challengeId) {
                throw new UnsupportedOperationException();
            }

            @Override
            public CompletableFuture<ConsumeResult> consume(String challengeId, Instant now) {
                throw new UnsupportedOperationException();
            }

            @Override
            public long countOpen(Instant now) {
                throw new RegistryException(RegistryFailure.CLOSED, "registry is closed");
            }

            @Override
            public CompletableFuture<Integer> purgeExpired(Instant cutoff) {
                throw new UnsupportedOperationException();
            }
        };
    }
}
