package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.observability.CachedReading;
import io.edgeprov.gateway.app.observability.GatewayMetrics;
import io.edgeprov.gateway.core.registry.ActiveCertificates;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.RegistryException;
import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The gauges read from the registry on a scrape.
 *
 * <ul>
 *   <li>{@code edgeprov_challenges_open}: a COUNT through the registry's read side on every scrape,
 *       over a partial index that holds only unconsumed challenges, so it touches only the open ones
 *       (a handful per begin in flight). A counter kept by the store was the other choice; it was not
 *       taken because a challenge stops being open when the clock passes its expiry, not on any write,
 *       and because the CLI can write the same database from another process.
 *   <li>{@code edgeprov_certificates_active} and {@code edgeprov_certificate_oldest_active_age_seconds}:
 *       one range scan over a partial index that visits every active certificate (about one per
 *       device, so 100k entries on a big fleet); read at most once per {@link #CERTIFICATE_READ_EVERY}
 *       and shared by both gauges.
 * </ul>
 * A failed read (registry closed or busy) shows as NaN rather than failing the scrape.
 */
public final class RegistryGauges {
    /** How stale the certificate gauges may be; Prometheus scrapes every 15 s or more. */
    public static final Duration CERTIFICATE_READ_EVERY = Duration.ofSeconds(5);

    private RegistryGauges() {
    }

    /** @param nanoTime a monotonic clock ({@code System::nanoTime}) that times the certificate reading's age */
    public static void register(GatewayMetrics metrics, ChallengeStore challenges, CertificateStore certificates, Clock clock,
            LongSupplier nanoTime) {
        metrics.gauge("edgeprov_challenges_open", "Attestation challenges handed out and neither used nor expired",
                orNaN(() -> challenges.countOpen(clock.instant())));
        CachedReading<ActiveCertificates> active = new CachedReading<>(() -> certificates.active(clock.instant()),
                CERTIFICATE_READ_EVERY, nanoTime);
        metrics.gauge("edgeprov_certificates_active", "Device certificates recorded, not expired and not revoked",
                orNaN(() -> active.get().count()));
        metrics.gauge("edgeprov_certificate_oldest_active_age_seconds",
                "Seconds since the notBefore of the oldest active device certificate; NaN when none is active",
                orNaN(() -> active.get().oldestNotBefore()
                        .<Number>map(since -> Duration.between(since, clock.instant()).toSeconds())
                        .orElse(Double.NaN)));
    }

    private static Supplier<Number> orNaN(Supplier<Number> read) {
        return () -> {
            try {
                return read.get();
            } catch (RegistryException e) {
                return Double.NaN;
            }
        };
    }
}
