package io.edgeprov.gateway.mqtt.external;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Where Mosquitto 2.0's dynamic-security plugin is installed (docs/decisions/0022). Mosquitto refuses
 * to start when the configured plugin file is missing, and without the plugin a revoked device stays
 * connected, so the gateway names the file it found rather than guessing.
 */
final class DynamicSecurityPlugin {
    static final String FILE_NAME = "mosquitto_dynamic_security.so";
    /** Debian and Ubuntu per architecture, then the upstream build's defaults. */
    static final List<Path> CANDIDATES = List.of(
            Path.of("/usr/lib/x86_64-linux-gnu", FILE_NAME),
            Path.of("/usr/lib/aarch64-linux-gnu", FILE_NAME),
            Path.of("/usr/lib/arm-linux-gnueabihf", FILE_NAME),
            Path.of("/usr/lib", FILE_NAME),
            Path.of("/usr/local/lib", FILE_NAME));
    static final String INSTALL_HINT = "install Mosquitto 2.0 with its dynamic-security plugin"
            + " (Debian/Ubuntu: apt-get install mosquitto)";

    private DynamicSecurityPlugin() {
    }

    /** The first candidate that is a readable file, if any. */
    static Optional<Path> locate(List<Path> candidates) {
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isReadable).findFirst();
    }

    /** The installed plugin, or the first candidate, which {@link MosquittoFiles#write} then refuses with the install hint. */
    static Path locateOrDefault() {
        return locate(CANDIDATES).orElse(CANDIDATES.get(0));
    }
}
