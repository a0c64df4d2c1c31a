package io.edgeprov.gateway.config;

import io.edgeprov.pki.KeyAlgorithm;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

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
        RateLimits rateLimits) {

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

    /** The device certificate profile and renewal policy. */
    public record Certificates(Duration lifetime, Set<KeyAlgorithm> allowedKeys, List<URI> crlUrls,
            int reattestEveryRenewals, Duration reattestAfter) {
        public Certificates {
            allowedKeys = Set.copyOf(allowedKeys);
            crlUrls = List.copyOf(crlUrls);
        }
    }

    /** Attestation challenges. */
    public record Enrollment(Duration challengeTtl) {
    }

    /** The MQTT front end: an embedded broker (default) or an existing one. */
    public record Mqtt(Mode mode, String bind, int port, String externalHost, int externalPort) {
        public enum Mode { EMBEDDED, EXTERNAL }
    }

    /** Metrics and health endpoint, loopback by default. */
    public record Http(String bind, int port) {
    }

    /** Requests per minute allowed per device and per source address. */
    public record RateLimits(int perDevicePerMinute, int perSourcePerMinute) {
    }
}
