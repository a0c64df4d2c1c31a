package io.edgeprov.ui.client;

import java.util.Optional;

/** Where the gateway's broker listens for the admin plane: a host and a TLS port. */
public record GatewayAddress(String host, int port) {
    /** The gateway's default MQTT-over-TLS port. */
    public static final int DEFAULT_PORT = 8883;

    public GatewayAddress {
        if (host == null || host.isBlank() || host.length() > 253 || !host.matches("[A-Za-z0-9.:\\-\\[\\]]+")) {
            throw new IllegalArgumentException("the gateway address needs a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("the port must be between 1 and 65535");
        }
    }

    /**
     * Reads {@code host}, {@code host:port} or {@code [v6]:port}; empty with no exception for bad input so
     * that a form can say what is wrong while the user types.
     */
    public static Optional<GatewayAddress> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String t = text.trim();
        if (t.startsWith("ssl://") || t.startsWith("mqtts://")) {
            t = t.substring(t.indexOf("://") + 3);
        }
        String host = t;
        int port = DEFAULT_PORT;
        int colon = t.lastIndexOf(':');
        boolean bracketed = t.startsWith("[");
        if (colon > 0 && (bracketed ? colon > t.indexOf(']') : t.indexOf(':') == colon)) {
            host = t.substring(0, colon);
            try {
                port = Integer.parseInt(t.substring(colon + 1));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }
        if (bracketed && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return Optional.of(new GatewayAddress(host, port));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** The Paho server URI. */
    public String uri() {
        return "ssl://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
