package io.edgeprov.gateway.app.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeprov.gateway.app.config.GatewayConfig.CaKey;
import io.edgeprov.gateway.app.config.GatewayConfig.SecretRef;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.KeyAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Loads a gateway's YAML configuration and refuses every bad value with the key's full path and
 * what is allowed. Unlike the device contract, unknown keys are refused: in a config file an
 * unknown key is almost always a typo that would silently leave a default in force.
 */
public final class GatewayConfigLoader {
    static final int MAX_BYTES = 256 * 1024;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HOST = Pattern.compile("[0-9A-Za-z.:-]{1,253}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final YAMLMapper mapper;

    public GatewayConfigLoader() {
        YAMLFactory factory = YAMLFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(16).maxStringLength(8192).build())
                .build();
        this.mapper = new YAMLMapper(factory);
        this.mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }

    /** Reads and validates a configuration file; relative paths in it are resolved against its folder. */
    public GatewayConfig load(Path file) throws ConfigException {
        String source = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new ConfigException(source, List.of("file is larger than " + MAX_BYTES + " bytes"));
            }
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException(source, List.of("cannot read the file (" + e.getClass().getSimpleName() + ")"));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(source, bytes, base);
    }

    /** Validates configuration text; {@code base} resolves relative paths. */
    public GatewayConfig parse(String source, byte[] yaml, Path base) throws ConfigException {
        JsonNode root;
        try {
            root = mapper.readTree(yaml);
        } catch (IOException e) {
            String message = e.getMessage() == null ? "unreadable" : e.getMessage().lines().findFirst().orElse("unreadable");
            throw new ConfigException(source, List.of("not valid YAML: " + message));
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(source, List.of("the file must be a YAML mapping with a 'gateway' section"));
        }
        Reader reader = new Reader(base);
        GatewayConfig config = reader.read((ObjectNode) root);
        if (!reader.problems.isEmpty()) {
            throw new ConfigException(source, reader.problems);
        }
        return config;
    }

    /** Walks the tree once, collecting every problem instead of stopping at the first. */
    private static final class Reader {
        private final Path base;
        private final List<String> problems = new ArrayList<>();

        Reader(Path base) {
            this.base = base;
        }

        GatewayConfig read(ObjectNode root) {
            allowOnly(root, "", "gateway", "fleet", "ca", "certificates", "enrollment", "mqtt", "http", "rateLimits", "upstream", "coap");
            ObjectNode gateway = section(root, "gateway", true);
            String id = text(gateway, "gateway.id", null, ID, "1 to 64 characters of [A-Za-z0-9._-]");
            Path dataDir = path(gateway, "gateway.dataDir", "data");
            allowOnly(gateway, "gateway.", "id", "dataDir");

            ObjectNode fleetNode = section(root, "fleet", true);
            allowOnly(fleetNode, "fleet.", "organization", "trustDomain");
            String organization = text(fleetNode, "fleet.organization", null, null, "1 to 64 characters");
            String trustDomain = text(fleetNode, "fleet.trustDomain", null, null, "a lower-case DNS name");
            if (organization != null && trustDomain != null) {
                try {
                    new FleetNaming(organization, trustDomain);
                } catch (IllegalArgumentException e) {
                    problems.add("fleet: " + e.getMessage());
                }
            }

            CaKey caKey = caKey(section(root, "ca", true));
            GatewayConfig.Certificates certificates = certificates(section(root, "certificates", false));
            ObjectNode enrollment = section(root, "enrollment", false);
            allowOnly(enrollment, "enrollment.", "challengeTtl");
            Duration challengeTtl = duration(enrollment, "enrollment.challengeTtl", "60s", Duration.ofSeconds(5), Duration.ofMinutes(10));
            GatewayConfig.Mqtt mqtt = mqtt(section(root, "mqtt", false));
            ObjectNode http = section(root, "http", false);
            allowOnly(http, "http.", "bind", "port");
            String httpBind = text(http, "http.bind", "127.0.0.1", null, "an address");
            int httpPort = integer(http, "http.port", 9464, 0, 65535);
            if (!root.path("certificates").has("crlUrls") && GatewayConfig.Http.isWildcard(httpBind)) {
                problems.add("certificates.crlUrls: required when http.bind is a wildcard address (" + httpBind + "): name a URL"
                        + " relying parties reach this gateway's " + GatewayConfig.Http.CRL_PATH + " at, such as http://gw1.example.com:"
                        + httpPort + GatewayConfig.Http.CRL_PATH);
            }
            ObjectNode limits = section(root, "rateLimits", false);
            allowOnly(limits, "rateLimits.", "perDevicePerMinute", "perSourcePerMinute", "unenrolledConnectionsPerSource",
                    "unenrolledConnectionsTotal");
            int perDevice = integer(limits, "rateLimits.perDevicePerMinute", 30, 1, 100_000);
            int perSource = integer(limits, "rateLimits.perSourcePerMinute", 6000, 1, 10_000_000);
            int unenrolledPerSource = integer(limits, "rateLimits.unenrolledConnectionsPerSource",
                    GatewayConfig.RateLimits.DEFAULT_UNENROLLED_PER_SOURCE, 1, 100_000);
            int unenrolledTotal = integer(limits, "rateLimits.unenrolledConnectionsTotal",
                    GatewayConfig.RateLimits.DEFAULT_UNENROLLED_TOTAL, 1, 100_000);
            if (unenrolledPerSource > unenrolledTotal) {
                problems.add("rateLimits.unenrolledConnectionsPerSource (" + unenrolledPerSource
                        + ") must not exceed rateLimits.unenrolledConnectionsTotal (" + unenrolledTotal + ")");
            }
            Optional<GatewayConfig.Upstream> upstream = root.has("upstream")
                    ? Optional.ofNullable(upstream(section(root, "upstream", true))) : Optional.empty();
            GatewayConfig.Coap coap = coap(section(root, "coap", false), mqtt == null ? "127.0.0.1" : mqtt.bind());
            if (!problems.isEmpty()) {
                return null;
            }
            return new GatewayConfig(id, dataDir, new GatewayConfig.Fleet(organization, trustDomain), caKey, certificates,
                    new GatewayConfig.Enrollment(challengeTtl), mqtt, new GatewayConfig.Http(httpBind, httpPort),
                    new GatewayConfig.RateLimits(perDevice, perSource, unenrolledPerSource, unenrolledTotal), upstream, coap);
        }

        /** The CoAP front end: on by default, on the MQTT listener's address and the coaps port 5684. */
        private GatewayConfig.Coap coap(ObjectNode node, String defaultBind) {
            allowOnly(node, "coap.", "enabled", "bind", "port", "connectionIdLength", "maxConnections");
            boolean enabled = true;
            JsonNode flag = node.get("enabled");
            if (flag != null && !flag.isNull()) {
                if (flag.isBoolean()) {
                    enabled = flag.asBoolean();
                } else {
                    problems.add("coap.enabled: '" + abbreviate(flag.asText()) + "' is not allowed; expected true or false");
                }
            }
            String bind = text(node, "coap.bind", defaultBind, null, "an address");
            int port = integer(node, "coap.port", GatewayConfig.Coap.DEFAULT_PORT, 0, 65535);
            int cidLength = integer(node, "coap.connectionIdLength", GatewayConfig.Coap.DEFAULT_CONNECTION_ID_LENGTH, 1, 16);
            int maxConnections = integer(node, "coap.maxConnections", GatewayConfig.Coap.DEFAULT_MAX_CONNECTIONS, 16, 1_000_000);
            return new GatewayConfig.Coap(enabled, bind, port, cidLength, maxConnections);
        }

        private GatewayConfig.Upstream upstream(ObjectNode node) {
            allowOnly(node, "upstream.", "brokers", "identity", "identityPassphraseFile", "identityPassphraseEnv", "fleetRoot",
                    "brokerTrust", "username", "passwordFile", "passwordEnv");
            List<URI> brokers = new ArrayList<>();
            JsonNode list = node.get("brokers");
            if (list == null || !list.isArray() || list.isEmpty() || list.size() > 16) {
                problems.add("upstream.brokers: must list 1 to 16 broker nodes such as ssl://fleet-broker.example.com:8883");
            } else {
                for (JsonNode item : list) {
                    String text = item.isTextual() ? item.asText() : item.toString();
                    try {
                        URI uri = new URI(text);
                        if (!("ssl".equals(uri.getScheme()) || "tcp".equals(uri.getScheme())) || uri.getHost() == null
                                || uri.getPort() < 1 || (uri.getPath() != null && !uri.getPath().isEmpty())) {
                            throw new java.net.URISyntaxException(text, "not ssl://host:port or tcp://host:port");
                        }
                        brokers.add(uri);
                    } catch (java.net.URISyntaxException e) {
                        problems.add("upstream.brokers: '" + text + "' is not ssl://host:port or tcp://host:port");
                    }
                }
            }
            Path identity = path(node, "upstream.identity", "gateway-identity.p12");
            SecretRef passphrase = secret(node, "upstream.identityPassphraseFile", "upstream.identityPassphraseEnv");
            Path fleetRoot = path(node, "upstream.fleetRoot", "fleet-root.pem");
            Optional<Path> brokerTrust = node.has("brokerTrust") ? Optional.of(path(node, "upstream.brokerTrust", null))
                    : Optional.empty();
            Optional<String> username = node.has("username")
                    ? Optional.ofNullable(text(node, "upstream.username", null, Pattern.compile("[\\x21-\\x7e]{1,128}"),
                            "1 to 128 printable characters"))
                    : Optional.empty();
            Optional<SecretRef> password = node.has("passwordFile") || node.has("passwordEnv")
                    ? Optional.ofNullable(secret(node, "upstream.passwordFile", "upstream.passwordEnv")) : Optional.empty();
            if (password.isPresent() && username.isEmpty()) {
                problems.add("upstream.passwordFile / upstream.passwordEnv: a password needs upstream.username");
            }
            if (problems.isEmpty() && passphrase != null) {
                return new GatewayConfig.Upstream(brokers, identity, passphrase, fleetRoot, brokerTrust, username, password);
            }
            return null;
        }

        private CaKey caKey(ObjectNode ca) {
            String type = text(ca, "ca.type", "pkcs12", Pattern.compile("pkcs12|pkcs11"), "pkcs12 or pkcs11");
            if ("pkcs11".equals(type)) {
                allowOnly(ca, "ca.", "type", "library", "tokenLabel", "keyAlias", "pinFile", "pinEnv");
                Path library = path(ca, "ca.library", "/usr/lib/softhsm/libsofthsm2.so");
                String token = text(ca, "ca.tokenLabel", null, null, "the token's label");
                String alias = text(ca, "ca.keyAlias", "gateway-ca", null, "the key's label on the token");
                SecretRef pin = secret(ca, "ca.pinFile", "ca.pinEnv");
                return new CaKey.Pkcs11(library, token, alias, pin);
            }
            allowOnly(ca, "ca.", "type", "path", "passphraseFile", "passphraseEnv");
            Path path = path(ca, "ca.path", "gateway-ca.p12");
            SecretRef passphrase = secret(ca, "ca.passphraseFile", "ca.passphraseEnv");
            return new CaKey.Pkcs12(path, passphrase);
        }

        private SecretRef secret(ObjectNode node, String fileKey, String envKey) {
            String leafFile = fileKey.substring(fileKey.indexOf('.') + 1);
            String leafEnv = envKey.substring(envKey.indexOf('.') + 1);
            boolean hasFile = node.has(leafFile);
            boolean hasEnv = node.has(leafEnv);
            if (hasFile == hasEnv) {
                problems.add(fileKey + " / " + envKey + ": give exactly one: a file holding the secret, or the name of an "
                        + "environment variable holding it (the secret itself never goes in this file)");
                return null;
            }
            if (hasFile) {
                return new SecretRef.FromFile(path(node, fileKey, null));
            }
            String variable = text(node, envKey, null, ENV_NAME, "an environment variable name such as EDGEPROV_CA_PASSPHRASE");
            return variable == null ? null : new SecretRef.FromEnvironment(variable);
        }

        private GatewayConfig.Certificates certificates(ObjectNode node) {
            allowOnly(node, "certificates.", "lifetime", "allowedKeys", "crlUrls", "reattestEveryRenewals", "reattestAfter");
            Duration lifetime = duration(node, "certificates.lifetime", "24h",
                    DeviceCertificateProfile.MIN_LIFETIME, DeviceCertificateProfile.MAX_LIFETIME);
            Set<KeyAlgorithm> keys = EnumSet.noneOf(KeyAlgorithm.class);
            JsonNode list = node.get("allowedKeys");
            if (list == null) {
                keys.addAll(DeviceCertificateProfile.DEFAULT_KEYS);
            } else if (!list.isArray() || list.isEmpty()) {
                problems.add("certificates.allowedKeys: must be a non-empty list of ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096");
            } else {
                for (JsonNode item : list) {
                    try {
                        keys.add(KeyAlgorithm.parse(item.isTextual() ? item.asText() : item.toString()));
                    } catch (IllegalArgumentException e) {
                        problems.add("certificates.allowedKeys: " + e.getMessage());
                    }
                }
            }
            // Absent: empty, meaning the gateway's own /crl, resolved once its HTTP port is bound (GatewayApplication).
            JsonNode urls = node.get("crlUrls");
            List<URI> crlUrls = urls == null ? List.of() : crlUrls(urls);
            int every = integer(node, "certificates.reattestEveryRenewals", 10, 0, 10_000);
            Duration after = duration(node, "certificates.reattestAfter", "30d", Duration.ofHours(1), Duration.ofDays(3650));
            return new GatewayConfig.Certificates(lifetime, keys, crlUrls, every, after);
        }

        private List<URI> crlUrls(JsonNode urls) {
            List<URI> crlUrls = new ArrayList<>();
            if (!urls.isArray() || urls.isEmpty()) {
                problems.add("certificates.crlUrls: must be a non-empty list of absolute http(s) URLs");
                return crlUrls;
            }
            for (JsonNode item : urls) {
                try {
                    URI uri = new URI(item.asText());
                    if (!uri.isAbsolute() || !(uri.getScheme().equals("http") || uri.getScheme().equals("https"))) {
                        problems.add("certificates.crlUrls: '" + item.asText() + "' is not an absolute http(s) URL");
                    } else {
                        crlUrls.add(uri);
                    }
                } catch (java.net.URISyntaxException e) {
                    problems.add("certificates.crlUrls: '" + item.asText() + "' is not a URL");
                }
            }
            return crlUrls;
        }

        private GatewayConfig.Mqtt mqtt(ObjectNode node) {
            allowOnly(node, "mqtt.", "mode", "bind", "port", "externalHost", "externalPort", "externalEnrollPort",
                    "mosquittoDir", "mosquittoPidFile", "mosquittoUser");
            String mode = text(node, "mqtt.mode", "embedded", Pattern.compile("embedded|external"), "embedded or external");
            String bind = text(node, "mqtt.bind", "127.0.0.1", null, "an address");
            int port = integer(node, "mqtt.port", 8883, 0, 65535);
            boolean external = "external".equals(mode);
            String host = external ? text(node, "mqtt.externalHost", null, HOST, "the external broker's host name or IP address")
                    : text(node, "mqtt.externalHost", "", null, "a host name");
            int externalPort = integer(node, "mqtt.externalPort", 8883, 1, 65535);
            int enrollPort = integer(node, "mqtt.externalEnrollPort", GatewayConfig.Mosquitto.DEFAULT_ENROLL_PORT, 1, 65535);
            if (enrollPort == externalPort) {
                problems.add("mqtt.externalEnrollPort: must differ from mqtt.externalPort (" + externalPort
                        + "); Mosquitto needs one listener with and one without client certificates");
                enrollPort = externalPort == 65535 ? 1 : externalPort + 1;
            }
            Optional<Path> folder = optionalPath(node, "mqtt.mosquittoDir");
            Optional<Path> pidFile = optionalPath(node, "mqtt.mosquittoPidFile");
            Optional<String> user = optionalText(node, "mqtt.mosquittoUser", USER, "a POSIX user name such as mosquitto");
            return new GatewayConfig.Mqtt(external ? GatewayConfig.Mqtt.Mode.EXTERNAL : GatewayConfig.Mqtt.Mode.EMBEDDED,
                    bind, port, host, externalPort, new GatewayConfig.Mosquitto(enrollPort, folder, pidFile, user));
        }

        /** A path (relative ones from the config file's folder), or empty when the key is absent. */
        private Optional<Path> optionalPath(ObjectNode node, String key) {
            JsonNode value = node.get(leaf(key));
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            return Optional.ofNullable(path(node, key, null));
        }

        private Optional<String> optionalText(ObjectNode node, String key, Pattern pattern, String allowed) {
            JsonNode value = node.get(leaf(key));
            if (value == null || value.isNull()) {
                return Optional.empty();
            }
            return Optional.ofNullable(text(node, key, null, pattern, allowed));
        }

        private ObjectNode section(ObjectNode root, String name, boolean required) {
            JsonNode node = root.get(name);
            if (node == null || node.isNull()) {
                if (required) {
                    problems.add(name + ": missing section");
                }
                return root.objectNode();
            }
            if (!node.isObject()) {
                problems.add(name + ": must be a mapping of keys, was " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT));
                return root.objectNode();
            }
            return (ObjectNode) node;
        }

        private void allowOnly(ObjectNode node, String prefix, String... allowed) {
            Set<String> known = Set.of(allowed);
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                if (!known.contains(name)) {
                    problems.add(prefix + name + ": unknown key; allowed here: " + String.join(", ", allowed));
                }
            }
        }

        private String text(ObjectNode node, String key, String fallback, Pattern pattern, String allowed) {
            JsonNode value = node.get(leaf(key));
            if (value == null || value.isNull()) {
                if (fallback == null) {
                    problems.add(key + ": missing; expected " + allowed);
                }
                return fallback;
            }
            if (!value.isTextual() || value.asText().isBlank()) {
                problems.add(key + ": must be text, " + allowed);
                return fallback;
            }
            String text = value.asText().trim();
            if (pattern != null && !pattern.matcher(text).matches()) {
                problems.add(key + ": '" + abbreviate(text) + "' is not allowed; expected " + allowed);
                return fallback;
            }
            return text;
        }

        private Path path(ObjectNode node, String key, String fallback) {
            String text = text(node, key, fallback, null, "a file path");
            return text == null ? null : base.resolve(text).normalize();
        }

        private int integer(ObjectNode node, String key, int fallback, int min, int max) {
            JsonNode value = node.get(leaf(key));
            if (value == null || value.isNull()) {
                return fallback;
            }
            if (!value.isIntegralNumber() || !value.canConvertToInt() || value.asInt() < min || value.asInt() > max) {
                problems.add(key + ": '" + abbreviate(value.asText()) + "' is not allowed; expected a whole number from " + min + " to " + max);
                return fallback;
            }
            return value.asInt();
        }

        private Duration duration(ObjectNode node, String key, String fallback, Duration min, Duration max) {
            JsonNode value = node.get(leaf(key));
            String text = value == null || value.isNull() ? fallback : value.asText();
            Optional<Duration> parsed = Durations.parse(text);
            if (parsed.isEmpty() || parsed.get().compareTo(min) < 0 || parsed.get().compareTo(max) > 0) {
                problems.add(key + ": '" + abbreviate(text) + "' is not allowed; expected a duration such as 90s, 15m, 24h or 7d, from "
                        + min + " to " + max);
                return Durations.parse(fallback).orElseThrow();
            }
            return parsed.get();
        }

        private static String leaf(String key) {
            return key.substring(key.lastIndexOf('.') + 1);
        }

        private static String abbreviate(String text) {
            return text.length() > 40 ? text.substring(0, 40) + "..." : text;
        }
    }
}
