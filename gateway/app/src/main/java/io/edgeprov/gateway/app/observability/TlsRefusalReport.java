package io.edgeprov.gateway.app.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import io.edgeprov.gateway.core.observability.Redactor;
import io.edgeprov.gateway.mqtt.embedded.TlsHandshakeFailures;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.slf4j.LoggerFactory;

/**
 * Makes TLS handshakes the broker refused visible: counted in {@code edgeprov_unauthorized_attempts_total}
 * ({@code tls_certificate_untrusted}, {@code tls_certificate_expired}, {@code tls_handshake_failed}) and
 * reported in the gateway's own log, at most one line per kind every {@link #LOG_EVERY} with how many
 * more there were, so a flood of bad handshakes cannot flood the log. HiveMQ reports these only in a
 * DEBUG line of its TLS layer: this appender is attached to that one logger (not additive, so nothing
 * else of HiveMQ's DEBUG output goes anywhere) while the gateway runs.
 */
public final class TlsRefusalReport extends AppenderBase<ILoggingEvent> implements AutoCloseable {
    static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final org.slf4j.Logger LOG = LoggerFactory.getLogger(TlsRefusalReport.class);

    private final UnauthorizedAttempts attempts;
    private final LongSupplier nanoTime;
    private final Map<UnauthorizedKind, long[]> lastLogAndSuppressed = new EnumMap<>(UnauthorizedKind.class);
    private final Logger hivemq;
    private final Level previousLevel;
    private final boolean previousAdditive;

    private TlsRefusalReport(UnauthorizedAttempts attempts, LongSupplier nanoTime) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.hivemq = (Logger) LoggerFactory.getLogger(TlsHandshakeFailures.HIVEMQ_LOGGER);
        this.previousLevel = hivemq.getLevel();
        this.previousAdditive = hivemq.isAdditive();
    }

    /** Attaches a report to the broker's TLS logger; {@link #close()} detaches it and restores the logger. */
    public static TlsRefusalReport attach(UnauthorizedAttempts attempts, LongSupplier nanoTime) {
        TlsRefusalReport report = new TlsRefusalReport(attempts, nanoTime);
        report.setName("edgeprov-tls-refusals");
        report.setContext(report.hivemq.getLoggerContext());
        report.start();
        report.hivemq.addAppender(report);
        report.hivemq.setAdditive(false);
        report.hivemq.setLevel(Level.DEBUG);
        return report;
    }

    @Override
    protected void append(ILoggingEvent event) {
        if (event.getLevel() != Level.DEBUG || event.getMessage() == null
                || !event.getMessage().startsWith(TlsHandshakeFailures.HANDSHAKE_MESSAGE)) {
            return;
        }
        Object[] arguments = event.getArgumentArray();
        String peer = arguments != null && arguments.length > 0 ? String.valueOf(arguments[0]) : "?";
        String reason = arguments != null && arguments.length > 1 ? String.valueOf(arguments[1]) : "";
        UnauthorizedKind kind = TlsHandshakeFailures.classify(reason);
        attempts.count(kind);
        report(kind, peer, reason);
    }

    private synchronized void report(UnauthorizedKind kind, String peer, String reason) {
        long now = nanoTime.getAsLong();
        long[] state = lastLogAndSuppressed.computeIfAbsent(kind, k -> new long[] {now - LOG_EVERY.toNanos() - 1, 0});
        if (now - state[0] <= LOG_EVERY.toNanos()) {
            state[1]++;
            return;
        }
        String cut = reason.length() > 160 ? reason.substring(0, 160) : reason;
        LOG.info("refused a TLS handshake from {}: {} ({}){}", peer, kind.name().toLowerCase(java.util.Locale.ROOT),
                Redactor.redact(cut), state[1] > 0 ? ", and " + state[1] + " more of this kind since the last report" : "");
        state[0] = now;
        state[1] = 0;
    }

    @Override
    public void close() {
        hivemq.detachAppender(this);
        hivemq.setLevel(previousLevel);
        hivemq.setAdditive(previousAdditive);
        stop();
    }
}
