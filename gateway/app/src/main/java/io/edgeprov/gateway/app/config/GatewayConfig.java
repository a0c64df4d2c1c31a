package io.edgeprov.gateway.app.config;

import io.edgeprov.pki.KeyAlgorithm;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Everything a gateway is configured with, validated on load by {@link GatewayConfigLoader}.
 * Secrets are never values here, only {@link SecretRef}s that say where to read them.
 */
public record GatewayConfig(
        String gatewayId,
        Path dataDir,
        Fleet fleet,
        CaKey caKey,
        Certificates certificates,
        Enrollment enrollment,
        Mqtt mqtt,
        Http http,
        RateLimits rateLimits,
        Optional<Upstream> upstream,
        Coap coap) {

    /** A gateway without upstream sync: revocations wait in the outbox. CoAP is off (see {@link Coap#OFF}). */
    public GatewayConfig(String gatewayId, Path dataDir, Fleet fleet, CaKey caKey, Certificates certificates,
            Enrollment enrollment, Mqtt mqtt, Http http, RateLimits rateLimits) {
        this(gatewayId, dataDir, fleet, caKey, certificates, enrollment, mqtt, http, rateLimits, Optional.empty());
    }

    /**
     * Without a CoAP section: CoAP is off. Only code that predates the CoAP front end builds a configuration
     * this way; a configuration file without a {@code coap} section gets the loader's default, which is on.
     */
    public GatewayConfig(String gatewayId, Path dataDir, Fleet fleet, CaKey caKey, Certificates certificates,
            Enrollment enrollment, Mqtt mqtt, Http http, RateLimits rateLimits, Optional<Upstream> upstream) {
        this(gatewayId, dataDir, fleet, caKey, certificates, enrollment, mqtt, http, rateLimits, upstream, Coap.OFF);
    }

    public GatewayConfig {
        Objects.requireNonNull(gatewayId, "gatewayId");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(caKey, "caKey");
        Objects.requireNonNull(certificates, "certificates");
        Objects.requireNonNull(enrollment, "enrollment");
        Objects.requireNonNull(mqtt, "mqtt");
        Objects.requireNonNull(http, "http");
        Objects.requireNonNull(rateLimits, "rateLimits");
        Objects.requireNonNull(upstream, "upstream");
        Objects.requireNonNull(coap, "coap");
    }

    /** The same configuration with upstream sync set as given. */
    public GatewayConfig withUpstream(Optional<Upstream> value) {
        return new GatewayConfig(gatewayId, dataDir, fleet, caKey, certificates, enrollment, mqtt, http, rateLimits, value, coap);
    }

    /** The same configuration with the CoAP front end set as given. */
    public GatewayConfig withCoap(Coap value) {
        return new GatewayConfig(gatewayId, dataDir, fleet, caKey, certificates, enrollment, mqtt, http, rateLimits, upstream, value);
    }

    /**
     * The CoAP front end (section {@code coap}): EST-coaps over DTLS on UDP {@code port} (5684, the coaps
     * port, by default; 0 for any free one), on {@code bind} ({@code mqtt.bind} by default, so devices find
     * both front ends at one address); the DTLS Connection ID length and the cap on DTLS connections.
     */
    public record Coap(boolean enabled, String bind, int port, int connectionIdLength, int maxConnections) {
        public static final int DEFAULT_PORT = 5684;
        public static final int DEFAULT_CONNECTION_ID_LENGTH = 6;
        public static final int DEFAULT_MAX_CONNECTIONS = 20_000;
        /** CoAP off, as configurations made in code before the front end existed. */
        public static final Coap OFF = new Coap(false, "127.0.0.1", DEFAULT_PORT, DEFAULT_CONNECTION_ID_LENGTH,
                DEFAULT_MAX_CONNECTIONS);

        public Coap {
            Objects.requireNonNull(bind, "bind");
            if (port < 0 || port > 65535) {
                throw new IllegalArgumentException("coap.port must be 0 to 65535, got " + port);
            }
            if (connectionIdLength < 1 || connectionIdLength > 16) {
                throw new IllegalArgumentException("coap.connectionIdLength must be 1 to 16, got " + connectionIdLength);
            }
            if (maxConnections < 16 || maxConnections > 1_000_000) {
                throw new IllegalArgumentException("coap.maxConnections must be 16 to 1000000, got " + maxConnections);
            }
        }

        /** CoAP on, with the defaults, on {@code bind} and {@code port}. */
        public static Coap on(String bind, int port) {
            return new Coap(true, bind, port, DEFAULT_CONNECTION_ID_LENGTH, DEFAULT_MAX_CONNECTIONS);
        }
    }

    /**
     * Upstream fleet sync (section {@code upstream}).
     *
     * @param brokers the upstream broker's nodes, {@code ssl://host:port} or {@code tcp://host:port}, tried in order
     * @param identity PKCS#12 file of this gateway's fleet identity (key and certificate from the fleet root)
     * @param identityPassphrase where its passphrase is
     * @param fleetRoot PEM of the fleet root that every gateway's identity chains to
     * @param brokerTrust PEM of the CA(s) the upstream brokers' TLS certificates chain to (the fleet root when absent)
     * @param username for brokers that want one (RabbitMQ), if any
     * @param password where its password is, if any
     */
    public record Upstream(List<java.net.URI> brokers, Path identity, SecretRef identityPassphrase, Path fleetRoot,
            Optional<Path> brokerTrust, Optional<String> username, Optional<SecretRef> password) {
        public Upstream {
            brokers = List.copyOf(brokers);
            Objects.requireNonNull(identity, "identity");
            Objects.requireNonNull(identityPassphrase, "identityPassphrase");
            Objects.requireNonNull(fleetRoot, "fleetRoot");
            Objects.requireNonNull(brokerTrust, "brokerTrust");
            Objects.requireNonNull(username, "username");
            Objects.requireNonNull(password, "password");
        }
    }

    /** The fleet this gateway belongs to: subject organization and SAN URI trust domain. */
    public record Fleet(String organization, String trustDomain) {
    }

    /** Where a secret comes from; {@code toString()} says where, never what. */
    public sealed interface SecretRef {
        record FromFile(Path path) implements SecretRef {
        }

        record FromEnvironment(String variable) implements SecretRef {
        }
    }

    /** Where the gateway CA's private key lives. */
    public sealed interface CaKey {
        /** An encrypted PKCS#12 file with the CA key and chain. */
        record Pkcs12(Path path, SecretRef passphrase) implements CaKey {
        }

        /** A key on a PKCS#11 token (an HSM; SoftHSM2 in tests). */
        record Pkcs11(Path library, String tokenLabel, String keyAlias, SecretRef pin) implements CaKey {
        }
    }

    /**
     * The device certificate profile and renewal policy.
     *
     * @param crlUrls the CRL distribution points written into device certificates
     *                ({@code certificates.crlUrls}); empty means this gateway's own {@code /crl}
     *                ({@link Http#crlUrl(int)}), so the URL in certificates is the one that serves the CRL
     */
    public record Certificates(Duration lifetime, Set<KeyAlgorithm> allowedKeys, List<URI> crlUrls,
            int reattestEveryRenewals, Duration reattestAfter) {
        public Certificates {
            allowedKeys = Set.copyOf(allowedKeys);
            crlUrls = List.copyOf(crlUrls);
        }

        /** The distribution points to write: the configured ones, else the one {@code servedHere} names. */
        public List<URI> crlUrlsOr(Supplier<URI> servedHere) {
            return crlUrls.isEmpty() ? List.of(servedHere.get()) : crlUrls;
        }
    }

    /** Attestation challenges. */
    public record Enrollment(Duration challengeTtl) {
    }

    /** The MQTT front end: an embedded broker (default) or an existing one. */
    public record Mqtt(Mode mode, String bind, int port, String externalHost, int externalPort, Mosquitto mosquitto) {
        public enum Mode { EMBEDDED, EXTERNAL }

        public Mqtt {
            Objects.requireNonNull(mode, "mode");
            Objects.requireNonNull(mosquitto, "mosquitto");
            if (mosquitto.enrollPort() == externalPort) {
                throw new IllegalArgumentException("mqtt.externalEnrollPort must differ from mqtt.externalPort ("
                        + externalPort + "): Mosquitto needs one listener with and one without client certificates");
            }
        }

        /** Embedded-mode callers and older configs: the external broker's files take their defaults. */
        public Mqtt(Mode mode, String bind, int port, String externalHost, int externalPort) {
            this(mode, bind, port, externalHost, externalPort,
                    Mosquitto.defaults(externalPort == Mosquitto.DEFAULT_ENROLL_PORT ? externalPort + 1 : Mosquitto.DEFAULT_ENROLL_PORT));
        }
    }

    /**
     * External mode on Mosquitto (docs/decisions/0008): the listener for devices without a
     * certificate, the folder the gateway writes Mosquitto's files into ({@code dataDir/mosquitto}
     * when empty), the PID file whose process gets SIGHUP after a CRL change (none: Mosquitto reads
     * the CRL only when it restarts), and the user Mosquitto drops to (empty keeps its default).
     */
    public record Mosquitto(int enrollPort, Optional<Path> folder, Optional<Path> pidFile, Optional<String> user) {
        public static final int DEFAULT_ENROLL_PORT = 8884;

        public Mosquitto {
            Objects.requireNonNull(folder, "folder");
            Objects.requireNonNull(pidFile, "pidFile");
            Objects.requireNonNull(user, "user");
            if (enrollPort < 1 || enrollPort > 65535) {
                throw new IllegalArgumentException("mqtt.externalEnrollPort must be 1 to 65535, got " + enrollPort);
            }
        }

        public static Mosquitto defaults(int enrollPort) {
            return new Mosquitto(enrollPort, Optional.empty(), Optional.empty(), Optional.empty());
        }
    }

    /** Metrics, health and CRL endpoint, loopback by default. */
    public record Http(String bind, int port) {
        /** The path device certificates name when {@code certificates.crlUrls} is not set. */
        public static final String CRL_PATH = "/crl";

        /**
         * This endpoint's CRL URL on {@code boundPort} (the real port when {@code port} is 0). Only for a
         * specific address: a wildcard bind says nothing a relying party could connect to, so the loader
         * asks for {@code certificates.crlUrls} then.
         */
        public URI crlUrl(int boundPort) {
            if (isWildcard(bind)) {
                throw new IllegalStateException("http.bind " + bind + " is a wildcard address: certificates.crlUrls must name the CRL's URL");
            }
            String host = bind.contains(":") && !bind.startsWith("[") ? "[" + bind + "]" : bind;
            return URI.create("http://" + host + ":" + boundPort + CRL_PATH);
        }

        /** Whether {@code address} means every interface (0.0.0.0, ::, or an empty host); host names never do. */
        public static boolean isWildcard(String address) {
            String plain = address.strip();
            if (plain.startsWith("[") && plain.endsWith("]")) {
                plain = plain.substring(1, plain.length() - 1);
            }
            if (plain.isEmpty()) {
                return true;
            }
            // Only IP literals are parsed: InetAddress would look a host name up in DNS.
            if (!plain.contains(":") && !plain.matches("[0-9.]+")) {
                return false;
            }
            try {
                return InetAddress.getByName(plain).isAnyLocalAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
    }

    /**
     * Requests per minute allowed per device and per source address, and how many connections without a
     * certificate the MQTT front end holds from one source address and in all.
     */
    public record RateLimits(int perDevicePerMinute, int perSourcePerMinute, int unenrolledConnectionsPerSource,
            int unenrolledConnectionsTotal) {
        public static final int DEFAULT_UNENROLLED_PER_SOURCE = 64;
        public static final int DEFAULT_UNENROLLED_TOTAL = 5_000;

        /** The request limits, with the default connection caps. */
        public RateLimits(int perDevicePerMinute, int perSourcePerMinute) {
            this(perDevicePerMinute, perSourcePerMinute, DEFAULT_UNENROLLED_PER_SOURCE, DEFAULT_UNENROLLED_TOTAL);
        }
    }
}
