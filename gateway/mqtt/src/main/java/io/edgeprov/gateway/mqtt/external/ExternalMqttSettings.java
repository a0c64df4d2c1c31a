package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.DeviceIds;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What the external-broker mode is configured with (docs/decisions/0008).
 *
 * @param gatewayId the gateway's service id: its client certificate's CN, which Mosquitto's ACL grants every request topic
 * @param host where Mosquitto's mTLS listener is, as devices and the gateway reach it
 * @param port that listener's port
 * @param enrollPort the listener for devices without a certificate
 * @param folder where the gateway writes Mosquitto's files
 * @param pidFile Mosquitto's PID file, whose process gets SIGHUP after a CRL change; none: it reads the CRL only at restart
 * @param user the user Mosquitto drops to; empty keeps its default
 * @param maxEnrollConnections certificate-less connections the enrollment listener holds at once
 *        (its {@code max_connections}; Mosquitto reads it at start only)
 * @param dynamicSecurityPlugin Mosquitto's dynamic-security plugin file, which disconnects revoked devices
 *        (docs/decisions/0022); the other constructor takes the one installed on this host
 */
public record ExternalMqttSettings(String gatewayId, String host, int port, int enrollPort, Path folder,
        Optional<Path> pidFile, Optional<String> user, int maxEnrollConnections, Path dynamicSecurityPlugin) {
    public ExternalMqttSettings {
        DeviceIds.require(gatewayId, "gatewayId");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(pidFile, "pidFile");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(dynamicSecurityPlugin, "dynamicSecurityPlugin");
        if (port < 1 || port > 65535 || enrollPort < 1 || enrollPort > 65535 || port == enrollPort) {
            throw new IllegalArgumentException("Mosquitto needs two distinct ports from 1 to 65535, got " + port
                    + " and " + enrollPort);
        }
        if (maxEnrollConnections < 1) {
            throw new IllegalArgumentException("maxEnrollConnections must be at least 1, got " + maxEnrollConnections);
        }
    }

    /** With the dynamic-security plugin where Mosquitto's package installed it on this host. */
    public ExternalMqttSettings(String gatewayId, String host, int port, int enrollPort, Path folder, Optional<Path> pidFile,
            Optional<String> user, int maxEnrollConnections) {
        this(gatewayId, host, port, enrollPort, folder, pidFile, user, maxEnrollConnections,
                DynamicSecurityPlugin.locateOrDefault());
    }
}
