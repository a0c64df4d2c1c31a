package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.DeviceIds;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where Mosquitto listens and who the gateway's own client is.
 *
 * <p>Mosquitto 2.0 needs two listeners: with {@code require_certificate false} it never asks for
 * a client certificate, and {@code use_identity_as_username} then refuses every client (CONNACK
 * 134), so certificate holders use {@code devicePort} (mTLS required) and devices still
 * attesting use {@code enrollPort} (no client certificate).
 *
 * @param bindAddress    the address both listeners bind to
 * @param devicePort     the mTLS listener: devices with a certificate, and the gateway itself
 * @param enrollPort     the listener for devices without a certificate
 * @param gatewayId      the CN of the gateway's client certificate, which Mosquitto uses as its username
 * @param processUser    the {@code user} Mosquitto drops to when started as root; empty keeps its default
 * @param maxInflight    Mosquitto's {@code max_inflight_messages}: QoS 1 messages in flight per client
 * @param maxEnrollConnections the enrollment listener's {@code max_connections}: certificate-less
 *                       connections at once, from all sources (Mosquitto has no per-source cap)
 * @param dynamicSecurityPlugin Mosquitto's dynamic-security plugin, loaded on the mTLS listener to disconnect
 *                       revoked devices (docs/decisions/0022); an absolute path
 */
public record MosquittoSettings(String bindAddress, int devicePort, int enrollPort, String gatewayId,
        Optional<String> processUser, int maxInflight, int maxEnrollConnections, Path dynamicSecurityPlugin) {
    private static final Pattern ADDRESS = Pattern.compile("[0-9A-Za-z.:-]{1,253}");
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");
    public static final int DEFAULT_MAX_INFLIGHT = 100;
    /** As embedded mode's {@code rateLimits.unenrolledConnectionsTotal}. */
    public static final int DEFAULT_MAX_ENROLL_CONNECTIONS = 5000;
    private static final int MOST_ENROLL_CONNECTIONS = 1_000_000;

    public MosquittoSettings {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(processUser, "processUser");
        Objects.requireNonNull(dynamicSecurityPlugin, "dynamicSecurityPlugin");
        if (!dynamicSecurityPlugin.isAbsolute()) {
            throw new IllegalArgumentException("dynamicSecurityPlugin must be an absolute path, got " + dynamicSecurityPlugin);
        }
        if (!ADDRESS.matcher(bindAddress).matches()) {
            throw new IllegalArgumentException("bindAddress must be a host name or IP address literal");
        }
        requirePort(devicePort, "devicePort");
        requirePort(enrollPort, "enrollPort");
        if (devicePort == enrollPort) {
            throw new IllegalArgumentException("devicePort and enrollPort must differ, got " + devicePort + " for both");
        }
        DeviceIds.require(gatewayId, "gatewayId");
        processUser.ifPresent(user -> {
            if (!USER.matcher(user).matches()) {
                throw new IllegalArgumentException("processUser must be a POSIX user name");
            }
        });
        if (maxInflight < 1 || maxInflight > 65535) {
            throw new IllegalArgumentException("maxInflight must be 1 to 65535, got " + maxInflight);
        }
        if (maxEnrollConnections < 1 || maxEnrollConnections > MOST_ENROLL_CONNECTIONS) {
            throw new IllegalArgumentException("maxEnrollConnections must be 1 to " + MOST_ENROLL_CONNECTIONS + ", got "
                    + maxEnrollConnections);
        }
    }

    /**
     * Both listeners on {@code bindAddress}, Mosquitto's default process user, {@link #DEFAULT_MAX_INFLIGHT}
     * and {@link #DEFAULT_MAX_ENROLL_CONNECTIONS}; the dynamic-security plugin where it is installed on this host.
     */
    public static MosquittoSettings of(String bindAddress, int devicePort, int enrollPort, String gatewayId) {
        return new MosquittoSettings(bindAddress, devicePort, enrollPort, gatewayId, Optional.empty(), DEFAULT_MAX_INFLIGHT,
                DEFAULT_MAX_ENROLL_CONNECTIONS, DynamicSecurityPlugin.locateOrDefault());
    }

    /** The same settings, with Mosquitto staying (or dropping to) {@code user}. */
    public MosquittoSettings withProcessUser(String user) {
        return new MosquittoSettings(bindAddress, devicePort, enrollPort, gatewayId, Optional.of(user), maxInflight,
                maxEnrollConnections, dynamicSecurityPlugin);
    }

    /** The same settings, with at most {@code connections} certificate-less connections at once. */
    public MosquittoSettings withMaxEnrollConnections(int connections) {
        return new MosquittoSettings(bindAddress, devicePort, enrollPort, gatewayId, processUser, maxInflight, connections,
                dynamicSecurityPlugin);
    }

    /** The same settings, with the dynamic-security plugin at {@code plugin}. */
    public MosquittoSettings withDynamicSecurityPlugin(Path plugin) {
        return new MosquittoSettings(bindAddress, devicePort, enrollPort, gatewayId, processUser, maxInflight,
                maxEnrollConnections, plugin);
    }

    private static void requirePort(int port, String field) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(field + " must be 1 to 65535, got " + port);
        }
    }
}
