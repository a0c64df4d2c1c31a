package io.edgeprov.gateway.mqtt.embedded;

import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the embedded broker listens and whom it trusts.
 *
 * @param bindAddress       address of the TLS listener; 127.0.0.1 unless devices reach it over a LAN
 * @param port              TLS port, 0 for a free one (read the real one from {@link EmbeddedBroker#port()})
 * @param serverChain       the broker's certificate first, then its issuers
 * @param serverKey         the private key of {@code serverChain.get(0)}; never printed
 * @param gatewayCa         the CA whose device certificates clients may present
 * @param workDirectory     a folder only the gateway uses; config, key stores and HiveMQ's data go below it
 * @param requestTimeout    how long a device request may take before the broker answers it with an error
 * @param lifecycleTimeout  how long start and stop may take
 */
public record BrokerConfig(String bindAddress, int port, List<X509Certificate> serverChain, PrivateKey serverKey,
        X509Certificate gatewayCa, Path workDirectory, Duration requestTimeout, Duration lifecycleTimeout) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_LIFECYCLE_TIMEOUT = Duration.ofSeconds(60);
    /**
     * How long a last message to a device (its revocation notice, the rejection of its renewal) gets to
     * leave the broker before the gateway cuts that device off: HiveMQ closes the channel at once, and
     * a message still queued for it was lost (a quarter of the notices, measured, without this grace).
     * Well inside the second a revocation has to take effect in.
     */
    public static final Duration LAST_MESSAGE_GRACE = Duration.ofMillis(150);

    public BrokerConfig {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(serverChain, "serverChain");
        Objects.requireNonNull(serverKey, "serverKey");
        Objects.requireNonNull(gatewayCa, "gatewayCa");
        Objects.requireNonNull(workDirectory, "workDirectory");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
        Objects.requireNonNull(lifecycleTimeout, "lifecycleTimeout");
        if (bindAddress.isBlank()) {
            throw new IllegalArgumentException("bindAddress must not be blank");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0 (any free port) to 65535, was " + port);
        }
        serverChain = List.copyOf(serverChain);
        if (serverChain.isEmpty()) {
            throw new IllegalArgumentException("serverChain must hold at least the broker's own certificate");
        }
        if (gatewayCa.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("gatewayCa must be a CA certificate");
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("requestTimeout must be positive");
        }
        if (lifecycleTimeout.isNegative() || lifecycleTimeout.isZero()) {
            throw new IllegalArgumentException("lifecycleTimeout must be positive");
        }
    }

    /** A loopback listener on a free port with the default timeouts. */
    public static BrokerConfig loopback(List<X509Certificate> serverChain, PrivateKey serverKey, X509Certificate gatewayCa,
            Path workDirectory) {
        return new BrokerConfig(DEFAULT_BIND_ADDRESS, 0, serverChain, serverKey, gatewayCa, workDirectory,
                DEFAULT_REQUEST_TIMEOUT, DEFAULT_LIFECYCLE_TIMEOUT);
    }

    public BrokerConfig withPort(int newPort) {
        return new BrokerConfig(bindAddress, newPort, serverChain, serverKey, gatewayCa, workDirectory, requestTimeout,
                lifecycleTimeout);
    }

    public BrokerConfig withBindAddress(String newBindAddress) {
        return new BrokerConfig(newBindAddress, port, serverChain, serverKey, gatewayCa, workDirectory, requestTimeout,
                lifecycleTimeout);
    }

    @Override
    public String toString() {
        return "BrokerConfig[" + bindAddress + ":" + port + ", server=" + serverChain.get(0).getSubjectX500Principal()
                + ", gatewayCa=" + gatewayCa.getSubjectX500Principal() + ", workDirectory=" + workDirectory
                + ", requestTimeout=" + requestTimeout + "]";
    }
}
