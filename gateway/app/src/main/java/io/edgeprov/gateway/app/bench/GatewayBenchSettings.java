package io.edgeprov.gateway.app.bench;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What one {@code bench gateway} run measures and where it writes.
 *
 * @param devices          simulated devices in each fleet run, 1..5000
 * @param concurrency      devices enrolling or renewing at once, 1..1024, at most {@code devices}
 * @param seconds          measuring time of the renewal loop and of each baseline, 1..600
 * @param registryDevices  enrollments and device rows inserted before the heap is measured, 0..1000000
 * @param cfsslCommand     the {@code cfssl} executable to start for the peer baseline
 * @param workFolder       where the gateway and the cfssl CA are made; the caller deletes it
 * @param reconnectDevices enrolled devices in the reconnect storm after a gateway restart, 0 (skip)..50000
 * @param mqttOnly         only the device-facing phases (enrollment, renewal, floor, reconnect storm, baselines):
 *                         no registry fill, revocations, CRL build or sync lag
 * @param twoHandshakes    the fleet reconnects with its new certificate instead of keeping the promoted attesting
 *                         connection (the A/B of docs/decisions/0036)
 */
public record GatewayBenchSettings(int devices, int concurrency, int seconds, int registryDevices, String cfsslCommand,
                                   Path workFolder, int reconnectDevices, boolean mqttOnly,
                                   boolean twoHandshakes) {
    public static final int DEFAULT_RECONNECT_DEVICES = 10_000;
    public static final int MAX_RECONNECT_DEVICES = 50_000;

    public static final int MAX_DEVICES = 5000;
    public static final int MAX_CONCURRENCY = 1024;
    public static final int MAX_SECONDS = 600;
    public static final int MAX_REGISTRY_DEVICES = 1_000_000;

    public GatewayBenchSettings {
        if (devices < 1 || devices > MAX_DEVICES) {
            throw new IllegalArgumentException("--devices must be 1.." + MAX_DEVICES + ", was " + devices);
        }
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("--concurrency must be 1.." + MAX_CONCURRENCY + ", was " + concurrency);
        }
        if (concurrency > devices) {
            throw new IllegalArgumentException("--concurrency must not exceed --devices (" + devices + "), was " + concurrency);
        }
        if (seconds < 1 || seconds > MAX_SECONDS) {
            throw new IllegalArgumentException("--seconds must be 1.." + MAX_SECONDS + ", was " + seconds);
        }
        if (registryDevices < 0 || registryDevices > MAX_REGISTRY_DEVICES) {
            throw new IllegalArgumentException("--registry-devices must be 0.." + MAX_REGISTRY_DEVICES + ", was " + registryDevices);
        }
        Objects.requireNonNull(cfsslCommand, "cfsslCommand");
        if (cfsslCommand.isBlank()) {
            throw new IllegalArgumentException("--cfssl must name an executable, was blank");
        }
        Objects.requireNonNull(workFolder, "workFolder");
        if (reconnectDevices < 0 || reconnectDevices > MAX_RECONNECT_DEVICES) {
            throw new IllegalArgumentException("--reconnect-devices must be 0.." + MAX_RECONNECT_DEVICES + ", was " + reconnectDevices);
        }
    }

    public GatewayBenchSettings(int devices, int concurrency, int seconds, int registryDevices, String cfsslCommand,
                                Path workFolder) {
        this(devices, concurrency, seconds, registryDevices, cfsslCommand, workFolder, DEFAULT_RECONNECT_DEVICES, false, false);
    }
}
