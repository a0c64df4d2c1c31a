package io.edgeprov.gateway.coap;

import java.time.Duration;
import java.util.Objects;

/**
 * How the CoAP front end listens and what it bounds. Every bound exists because the peer is on the
 * network: a DTLS connection costs memory before anyone proved anything, and a request costs a worker.
 *
 * @param bind                 the address of the DTLS listener
 * @param port                 its UDP port, 0 for any free one (5684 is the coaps default, RFC 7252)
 * @param connectionIdLength   bytes of the DTLS Connection ID the gateway hands out (RFC 9146), 1..16:
 *                             it is what finds a session again when a NAT rebinds the device's port
 * @param maxConnections       DTLS connections held at once, handshakes included; beyond it the least
 *                             recently used stale one is evicted, else new handshakes are refused
 * @param staleConnection      how long a connection may be idle before it may be evicted for a new one
 * @param maxRequestsInFlight  device requests being answered at once; beyond it 5.03 with Max-Age
 * @param busyRetryAfter       the Max-Age of that 5.03: when a busy gateway asks a device to come back
 */
public record CoapSettings(String bind, int port, int connectionIdLength, int maxConnections, Duration staleConnection,
        int maxRequestsInFlight, Duration busyRetryAfter) {
    /** The IANA port of CoAP over DTLS. */
    public static final int DEFAULT_PORT = 5684;
    /** 6 bytes: 2^48 ids, far beyond any gateway's connection count, for 6 bytes per record. */
    public static final int DEFAULT_CONNECTION_ID_LENGTH = 6;
    public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
    public static final Duration DEFAULT_STALE_CONNECTION = Duration.ofMinutes(30);
    public static final int DEFAULT_MAX_REQUESTS_IN_FLIGHT = 256;
    public static final Duration DEFAULT_BUSY_RETRY_AFTER = Duration.ofSeconds(2);

    public CoapSettings {
        Objects.requireNonNull(bind, "bind");
        Objects.requireNonNull(staleConnection, "staleConnection");
        Objects.requireNonNull(busyRetryAfter, "busyRetryAfter");
        if (bind.isBlank()) {
            throw new IllegalArgumentException("coap.bind must name an address");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("coap.port must be 0 to 65535, got " + port);
        }
        if (connectionIdLength < 1 || connectionIdLength > 16) {
            throw new IllegalArgumentException("coap.connectionIdLength must be 1 to 16 bytes, got " + connectionIdLength);
        }
        if (maxConnections < 16 || maxConnections > 1_000_000) {
            throw new IllegalArgumentException("coap.maxConnections must be 16 to 1000000, got " + maxConnections);
        }
        if (staleConnection.compareTo(Duration.ofSeconds(10)) < 0 || staleConnection.compareTo(Duration.ofDays(1)) > 0) {
            throw new IllegalArgumentException("coap.staleConnection must be from 10 s to 1 day, got " + staleConnection);
        }
        if (maxRequestsInFlight < 1 || maxRequestsInFlight > 100_000) {
            throw new IllegalArgumentException("coap.maxRequestsInFlight must be 1 to 100000, got " + maxRequestsInFlight);
        }
        if (busyRetryAfter.isNegative() || busyRetryAfter.compareTo(Duration.ofHours(1)) > 0
                || busyRetryAfter.toSeconds() < 1) {
            throw new IllegalArgumentException("coap.busyRetryAfter must be from 1 s to 1 h, got " + busyRetryAfter);
        }
    }

    /** The defaults on {@code bind} and {@code port}. */
    public static CoapSettings defaults(String bind, int port) {
        return new CoapSettings(bind, port, DEFAULT_CONNECTION_ID_LENGTH, DEFAULT_MAX_CONNECTIONS, DEFAULT_STALE_CONNECTION,
                DEFAULT_MAX_REQUESTS_IN_FLIGHT, DEFAULT_BUSY_RETRY_AFTER);
    }
}
