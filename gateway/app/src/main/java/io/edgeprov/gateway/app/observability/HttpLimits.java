package io.edgeprov.gateway.app.observability;

import java.time.Duration;
import java.util.Objects;

/**
 * What one client may take of {@code /health} and {@code /metrics}, so that a slow, stalled or hostile
 * client cannot keep the orchestrator's probes or the scraper from an answer.
 *
 * @param requestTimeout the longest one connection may last, from accept to the last byte of its answer;
 *        a client that stalls, trickles its request or never reads the answer is dropped then
 * @param maxConnections connections served at once; one more is closed at once, never queued
 * @param maxHeaderBytes the largest request head (request line and headers); a larger one gets 431
 */
public record HttpLimits(Duration requestTimeout, int maxConnections, int maxHeaderBytes) {
    /**
     * A probe or a scrape sends about 200 bytes and is answered in milliseconds, so 5 s is generous even
     * for a scraper across a slow link, and a stalled client gives its slot back soon. 32 slots leave
     * room for the few probes and scrapers an orchestrator runs beside a burst of slow clients, and bound
     * the threads to 32. 8 KiB is the usual head limit (Apache, nginx).
     */
    public static final HttpLimits DEFAULTS = new HttpLimits(Duration.ofSeconds(5), 32, 8 * 1024);

    public HttpLimits {
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        if (requestTimeout.isNegative() || requestTimeout.isZero() || requestTimeout.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("requestTimeout must be above 0 and at most 5 minutes: " + requestTimeout);
        }
        if (maxConnections < 1 || maxConnections > 1024) {
            throw new IllegalArgumentException("maxConnections must be 1 to 1024: " + maxConnections);
        }
        if (maxHeaderBytes < 256 || maxHeaderBytes > 64 * 1024) {
            throw new IllegalArgumentException("maxHeaderBytes must be 256 to 65536: " + maxHeaderBytes);
        }
    }
}
