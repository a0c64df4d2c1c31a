package io.edgeprov.gateway.app.bench;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.sim.fleet.LatencySummary;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Single revocations of connected devices through the core use case
 * ({@link io.edgeprov.gateway.core.revocation.RevocationService#revokeDevice}) of a running gateway, one
 * after the other: how long the call takes (registry commit, CRL rebuilt from every revocation the registry
 * holds, signed, written and published) and how long until the broker closes the device's TLS connection.
 * The devices get real certificates from the gateway's CA and connect over TLS 1.3 with them before the
 * first revocation; connecting is not measured.
 *
 * <p>The embedded broker sends the revocation notice first and cuts the device off
 * {@link io.edgeprov.gateway.mqtt.embedded.BrokerConfig#LAST_MESSAGE_GRACE} later, on purpose, so the
 * cut-off time includes that wait.
 */
final class CutOffPhase {
    private static final long CUT_OFF_TIMEOUT_SECONDS = 10;

    private final GatewayApplication gateway;
    private final List<X509Certificate> trust;
    private final BenchDevices devices;
    private final Provider provider;
    private final ProcessProbe probe;
    private final ProcessProbe upkeep = new ProcessProbe(name -> name.startsWith("gateway-upkeep"));

    CutOffPhase(GatewayApplication gateway, List<X509Certificate> trust, BenchDevices devices, Provider provider,
            ProcessProbe probe) {
        this.gateway = gateway;
        this.trust = trust;
        this.devices = devices;
        this.provider = provider;
        this.probe = probe;
    }

    /**
     * What the revocations took.
     *
     * @param call from the call to its return (the single revocation's own time)
     * @param cutOff from the call to the broker closing the connection
     * @param crlEntries entries of the CRL the last revocation published
     * @param cpuNanos CPU of the calling thread and the gateway's threads from the first call to the last cut-off
     * @param upkeepCpuNanos the part of it spent on the gateway's upkeep thread (CRL refresh, the watch for
     *                       revocations written by another process)
     */
    record Outcome(LatencySummary call, LatencySummary cutOff, int crlEntries, Optional<Long> cpuNanos,
            Optional<Long> upkeepCpuNanos) {
        Optional<Double> cpuMillisPerRevocation() {
            return perRevocation(cpuNanos);
        }

        Optional<Double> upkeepCpuMillisPerRevocation() {
            return perRevocation(upkeepCpuNanos);
        }

        private Optional<Double> perRevocation(Optional<Long> nanos) {
            return nanos.filter(n -> call.count() > 0).map(n -> n / 1e6 / call.count());
        }
    }

    /** Connects {@code count} devices named {@code prefix<i>}, then revokes them one by one, each after the last was cut off. */
    Outcome run(String prefix, int count) throws Exception {
        List<ConnectedDevice> connected = new ArrayList<>();
        List<String> ids = BenchDevices.ids(prefix, count);
        try {
            for (String id : ids) {
                BenchDevices.Credential credential = devices.issueReal(id, gateway.certificateAuthority(), provider);
                connected.add(ConnectedDevice.connect(gateway.mqttAddress(), trust, id, credential.key(), credential.chain()));
            }
            List<Duration> calls = new ArrayList<>();
            List<Duration> cutOffs = new ArrayList<>();
            Optional<Long> cpuBefore = probe.gatewayAndCallerCpuNanos();
            Optional<Long> upkeepBefore = upkeep.selectedThreadsCpuNanos();
            for (int i = 0; i < count; i++) {
                long start = System.nanoTime();
                gateway.revocation().revokeDevice(RevokeBatchPhase.ACTOR, ids.get(i), RevocationReason.KEY_COMPROMISE,
                        Optional.of("bench: cut-off"));
                calls.add(Duration.ofNanos(System.nanoTime() - start));
                long closed = connected.get(i).closedAt().get(CUT_OFF_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                cutOffs.add(Duration.ofNanos(closed - start));
            }
            Optional<Long> cpu = cpuBefore.flatMap(before -> probe.gatewayAndCallerCpuNanos().map(after -> after - before));
            Optional<Long> upkeepCpu = upkeepBefore.flatMap(before -> upkeep.selectedThreadsCpuNanos().map(after -> after - before));
            int entries = gateway.revocation().latestCrl().map(crl -> crl.entries()).orElse(0);
            return new Outcome(LatencySummary.of(calls), LatencySummary.of(cutOffs), entries, cpu, upkeepCpu);
        } finally {
            for (ConnectedDevice device : connected) {
                device.close();
            }
        }
    }
}
