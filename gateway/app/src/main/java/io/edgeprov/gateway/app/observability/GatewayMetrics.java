package io.edgeprov.gateway.app.observability;

import io.edgeprov.gateway.core.enrollment.EnrollmentMetrics;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

/**
 * The gateway's metrics, named for what operators ask. Label values come only from enums and
 * fixed words, never from device input, so no secret and no unbounded cardinality reaches a label.
 */
public final class GatewayMetrics implements EnrollmentMetrics {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer enrollments;
    private final Timer renewals;
    private final DistributionSummary certificateAgeAtRenewal;

    public GatewayMetrics() {
        enrollments = Timer.builder("edgeprov_enrollment_duration").description("Full attested enrollments that ended in a certificate")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        renewals = Timer.builder("edgeprov_renewal_duration").description("Renewals that ended in a certificate")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        certificateAgeAtRenewal = DistributionSummary.builder("edgeprov_certificate_age_at_renewal_seconds")
                .description("How old a certificate was when its device renewed it").register(registry);
    }

    @Override
    public void enrollmentSucceeded(Duration latency) {
        enrollments.record(latency);
    }

    @Override
    public void renewalSucceeded(Duration latency, Duration certificateAge) {
        renewals.record(latency);
        certificateAgeAtRenewal.record(certificateAge.toSeconds());
    }

    /** A refusal, counted by step ({@code begin}, {@code finish}, {@code renew}) and its enum cause. */
    @Override
    public void refused(String step, EnrollmentRefusal cause) {
        Counter.builder("edgeprov_refusals_total").description("Requests refused, by step and cause")
                .tag("step", fixedWord(step)).tag("cause", cause.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    /**
     * A client tried something its identity does not allow (a bad or revoked certificate at connect,
     * another device's topic, too many requests from one source).
     */
    public void unauthorizedAttempt(Enum<?> kind) {
        unauthorized(kind).increment();
    }

    /** Shows each kind at zero before the first attempt, so rates and alerts have a series from the start. */
    public void declareUnauthorizedKinds(List<? extends Enum<?>> kinds) {
        kinds.forEach(this::unauthorized);
    }

    private Counter unauthorized(Enum<?> kind) {
        return Counter.builder("edgeprov_unauthorized_attempts_total")
                .description("Refused connects, publishes, subscriptions and rate-limited requests, by kind")
                .tag("kind", kind.name().toLowerCase(Locale.ROOT)).register(registry);
    }

    /** A CoAP request answered, by resource (a fixed word from the contract's paths) and response code ({@code 2.04}). */
    public void coapAnswered(String resource, String code) {
        Counter.builder("edgeprov_coap_requests_total").description("CoAP requests answered, by resource and response code")
                .tag("resource", fixedWord(resource)).tag("code", responseCode(code)).register(registry).increment();
    }

    /** A CoAP request refused, by resource and the wire code in its Rejection body. */
    public void coapRefused(String resource, Enum<?> wireCode) {
        Counter.builder("edgeprov_coap_refusals_total").description("CoAP requests refused, by resource and wire code")
                .tag("resource", fixedWord(resource)).tag("code", wireCode.name().toLowerCase(Locale.ROOT))
                .register(registry).increment();
    }

    private static String responseCode(String code) {
        if (!code.matches("[245]\\.[0-9]{2}")) {
            throw new IllegalArgumentException("a CoAP response code looks like 2.05: " + code);
        }
        return code;
    }

    /** Registers a gauge read on every scrape (challenge store size, outbox depth, CRL age...). */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(fixedWord(name), value).description(description).register(registry);
    }

    /** The Prometheus text exposition of every metric. */
    public String scrape() {
        return registry.scrape();
    }

    private static String fixedWord(String word) {
        if (!word.matches("[a-z][a-z0-9_]{0,63}")) {
            throw new IllegalArgumentException("metric names and step labels are fixed lower-case words: " + word);
        }
        return word;
    }
}
