package io.edgeprov.gateway.app.bench;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.revocation.BatchRevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.gateway.core.revocation.RevocationTarget;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Revokes a list of devices, each holding a current certificate, in one batch through the core use case
 * ({@link RevocationService#revoke}) of a running gateway: the registry writes with their audit entries, one
 * CRL rebuilt from every revocation the registry holds, then every device told to the broker, which sends
 * each a notice and cuts it off after its grace. The broker works through those after the call returned; the
 * last device of the list is connected over TLS, so the phase also sees when the broker reached the end.
 * The devices are written and the last one connected first, unmeasured.
 */
final class RevokeBatchPhase {
    /** Who the benchmark's revocations are audited under. */
    static final Principal ACTOR = new Principal.LocalAdministrator("bench");

    /** How long the broker may take to reach the last device of a batch before the phase gives up. */
    private static final long LAST_CUT_OFF_TIMEOUT_SECONDS = 300;

    private final GatewayApplication gateway;
    private final List<X509Certificate> trust;
    private final BenchDevices devices;
    private final Provider provider;
    private final ProcessProbe probe;

    RevokeBatchPhase(GatewayApplication gateway, List<X509Certificate> trust, BenchDevices devices, Provider provider,
            ProcessProbe probe) {
        this.gateway = gateway;
        this.trust = trust;
        this.devices = devices;
        this.provider = provider;
        this.probe = probe;
    }

    /**
     * What one batch did.
     *
     * @param revoked devices revoked
     * @param took the use case's own measure, from the command to the published CRL and the last device told
     * @param cpuNanos CPU of the gateway's threads and the calling thread over the batch, when measured
     * @param crlEntries entries of the CRL the batch published
     * @param lastCutOff from the call to the broker closing the connection of the list's last device
     */
    record Outcome(int revoked, Duration took, Optional<Long> cpuNanos, int crlEntries, Duration lastCutOff) {
        double perSecond() {
            return took.isZero() ? 0 : revoked / (took.toNanos() / 1e9);
        }

        Optional<Double> cpuMillisPerDevice() {
            return cpuNanos.filter(n -> revoked > 0).map(n -> n / 1e6 / revoked);
        }
    }

    /**
     * Writes {@code count} devices named {@code prefix<i>} with a current certificate, the last with a real one and
     * connected, then revokes them in one batch and waits until the broker cut the last one off.
     */
    Outcome run(String prefix, int count) throws Exception {
        List<String> ids = new ArrayList<>(BenchDevices.ids(prefix, count - 1));
        devices.issueStandIns(ids);
        String lastId = prefix + "last";
        ids.add(lastId);
        BenchDevices.Credential last = devices.issueReal(lastId, gateway.certificateAuthority(), provider);
        RevocationService revocation = gateway.revocation();
        try (ConnectedDevice connected = ConnectedDevice.connect(gateway.mqttAddress(), trust, lastId, last.key(), last.chain())) {
            Optional<Long> cpuBefore = probe.gatewayAndCallerCpuNanos();
            long start = System.nanoTime();
            BatchRevocationOutcome outcome = revocation.revoke(ACTOR, new RevocationTarget.DeviceList(ids),
                    RevocationReason.CESSATION_OF_OPERATION, Optional.of("bench: batch of " + count));
            Optional<Long> cpu = cpuBefore.flatMap(before -> probe.gatewayAndCallerCpuNanos().map(after -> after - before));
            if (outcome.revoked().size() != count) {
                throw new IllegalStateException("the batch revoked " + outcome.revoked().size() + " of " + count + " devices: "
                        + outcome.preview());
            }
            long closed = connected.closedAt().get(LAST_CUT_OFF_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            int entries = revocation.latestCrl().map(crl -> crl.entries()).orElse(0);
            return new Outcome(outcome.revoked().size(), outcome.took(), cpu, entries, Duration.ofNanos(closed - start));
        }
    }
}
