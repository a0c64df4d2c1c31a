package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.util.Locale;

/**
 * What a refused TLS handshake was about. HiveMQ refuses a client certificate that is untrusted or
 * expired inside its TLS layer, before any CONNECT reaches the gateway's extension, and says so only in
 * a DEBUG line of {@link #HIVEMQ_LOGGER} ("SSL Handshake failed for client with IP {}: {}"). The
 * application attaches to that logger to count and report these refusals; this class names the logger
 * and classifies the reason the JSSE gave.
 */
public final class TlsHandshakeFailures {
    /** HiveMQ CE's logger of failed TLS handshakes (2025.5: {@code SslExceptionHandler}, DEBUG). */
    public static final String HIVEMQ_LOGGER = "com.hivemq.security.ssl.SslExceptionHandler";
    /** The start of that logger's handshake failure messages; other lines of the logger are not handshakes. */
    public static final String HANDSHAKE_MESSAGE = "SSL Handshake";

    private TlsHandshakeFailures() {
    }

    /** The kind of a handshake failure from the JSSE's reason text. */
    public static UnauthorizedKind classify(String reason) {
        String text = reason == null ? "" : reason.toLowerCase(Locale.ROOT);
        if (text.contains("validity check failed") || text.contains("certificateexpired")
                || text.contains("certificatenotyetvalid") || text.contains("notafter") || text.contains("notbefore")) {
            return UnauthorizedKind.TLS_CERTIFICATE_EXPIRED;
        }
        if (text.contains("pkix path") || text.contains("unable to find valid certification path")
                || text.contains("signature check failed") || text.contains("untrusted")
                || text.contains("certificate_unknown") || text.contains("bad_certificate")) {
            return UnauthorizedKind.TLS_CERTIFICATE_UNTRUSTED;
        }
        return UnauthorizedKind.TLS_HANDSHAKE_FAILED;
    }
}
