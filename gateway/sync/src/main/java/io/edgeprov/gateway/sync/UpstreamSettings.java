package io.edgeprov.gateway.sync;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.SSLSocketFactory;

/**
 * How to reach the upstream fleet broker.
 *
 * @param serverUris one or more broker nodes ({@code ssl://host:8883} or {@code tcp://host:1883}); with
 *        several, the client tries them in order on each (re)connect, so losing one node of a cluster
 *        moves the gateway to the next
 * @param tls the socket factory for {@code ssl://} nodes: client certificate = the gateway identity
 * @param username for brokers that authenticate MQTT clients by name (RabbitMQ), if any
 * @param password its password, if any; never logged
 * @param retry how long to wait between reconnect attempts at most
 */
public record UpstreamSettings(java.util.List<URI> serverUris, Optional<SSLSocketFactory> tls, Optional<String> username,
        Optional<char[]> password, Duration retry) {
    public UpstreamSettings {
        serverUris = java.util.List.copyOf(serverUris);
        if (serverUris.isEmpty()) {
            throw new IllegalArgumentException("upstream needs at least one broker address");
        }
        for (URI uri : serverUris) {
            if (!"ssl".equals(uri.getScheme()) && !"tcp".equals(uri.getScheme())) {
                throw new IllegalArgumentException("upstream broker " + uri + " must be ssl://host:port or tcp://host:port");
            }
            if (uri.getScheme().equals("ssl") && tls.isEmpty()) {
                throw new IllegalArgumentException("an ssl:// upstream needs TLS settings");
            }
        }
        Objects.requireNonNull(tls, "tls");
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(retry, "retry");
    }

    @Override
    public String toString() {
        return "UpstreamSettings[" + serverUris + ", user " + username.orElse("-") + "]";
    }
}
