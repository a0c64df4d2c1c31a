package io.edgeprov.gateway.app.bench;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.sim.fleet.LatencySummary;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The revocation figures of {@code bench gateway} (issue 11, "revocation in a second, fleet-wide"): a batch of
 * devices revoked at once, single revocations of connected devices until the broker cuts them off, first with
 * an almost empty CRL and again with {@value GatewayBench#CRL_ENTRIES} entries, and the lag until a second
 * gateway of the fleet enforces a revocation through the upstream broker.
 */
final class RevocationBench {
    /** Devices in the measured batch. */
    static final int BATCH = 10_000;
    /** Connected devices revoked one by one, at each CRL size. */
    static final int CUT_OFFS = 20;
    /** Revocations timed from one gateway to the other. */
    static final int SYNC_REVOCATIONS = 20;
    /** Rebuilds timed at the full CRL, to split a single revocation's time. */
    static final int REBUILDS = 5;
    static final String CUT_OFF_NOTE = "from the use case's call to the broker closing the device's TLS connection; the embedded"
            + " broker sends the revocation notice first and waits BrokerConfig.LAST_MESSAGE_GRACE (150 ms) before the cut, on purpose;"
            + " " + CUT_OFFS + " devices one after another, so p99 is the slowest";
    static final String CPU_NOTE = "gateway_cpu_ms_per_revoke* = CPU of the calling thread and the gateway's threads per revoked device"
            + " (registry writes and audit, CRL read + build + sign + write + publish, broker notice and cut); upkeep_cpu_* = the part on the gateway-upkeep thread (the 200 ms watch for revocations written by another process, CRL refresh); crypto floor: one"
            + " P-256 CRL signature per revocation or batch, 0.02 ms native (PERFORMANCE.md)";

    private final GatewayLauncher launcher;
    private final PrintWriter console;
    private final Provider provider;
    private final SecureRandom random;
    private final Clock clock;
    private final ProcessProbe probe;

    RevocationBench(GatewayLauncher launcher, PrintWriter console, Provider provider, SecureRandom random, Clock clock,
            ProcessProbe probe) {
        this.launcher = launcher;
        this.console = console;
        this.provider = provider;
        this.random = random;
        this.clock = clock;
        this.probe = probe;
    }

    /** The phases that run on the benchmark's gateway: cut-offs, the batch, then cut-offs again at a full CRL. */
    void onGateway(GatewayApplication gateway, List<X509Certificate> trust, Map<String, Object> figures) throws Exception {
        BenchDevices devices = new BenchDevices(gateway.registry().commands(), random, clock);
        CutOffPhase cutOffs = new CutOffPhase(gateway, trust, devices, provider, probe);
        say("Revocation: %d connected devices revoked one by one, until the broker cuts each off...", CUT_OFFS);
        CutOffPhase.Outcome small = cutOffs.run("bench-cut-", CUT_OFFS);
        report(small, "");

        say("Revocation: %,d devices with a current certificate, revoked in one batch...", BATCH);
        RevokeBatchPhase batches = new RevokeBatchPhase(gateway, trust, devices, provider, probe);
        RevokeBatchPhase.Outcome batch = batches.run("bench-batch-", BATCH);
        figures.put("revoke_batch_devices", batch.revoked());
        figures.put("revoke_batch_per_s", GatewayBench.round(batch.perSecond()));
        figures.put("revoke_batch_ms", millis(batch.took()));
        figures.put("revoke_batch_last_cutoff_ms", millis(batch.lastCutOff()));
        figures.put("gateway_cpu_ms_per_revoke_batch", batch.cpuMillisPerDevice().map(GatewayBench::round2));
        say("  %,d revoked in %.0f ms: %.0f /s, CRL now %,d entries; the list's last device cut off after %.0f ms", batch.revoked(),
                millis(batch.took()), batch.perSecond(), batch.crlEntries(), millis(batch.lastCutOff()));

        int fill = GatewayBench.CRL_ENTRIES - batch.crlEntries();
        if (fill > 0) {
            say("Revocation: %,d more devices in one batch, so the CRL holds %,d entries...", fill, GatewayBench.CRL_ENTRIES);
            RevokeBatchPhase.Outcome filled = batches.run("bench-fill-", fill);
            figures.put("revoke_batch_fill_devices", filled.revoked());
            figures.put("revoke_batch_fill_per_s", GatewayBench.round(filled.perSecond()));
            figures.put("revoke_batch_fill_last_cutoff_ms", millis(filled.lastCutOff()));
            say("  %,d revoked in %.0f ms: %.0f /s, CRL now %,d entries; the list's last device cut off after %.0f ms",
                    filled.revoked(), millis(filled.took()), filled.perSecond(), filled.crlEntries(), millis(filled.lastCutOff()));
        }
        rebuildParts(gateway, figures);
        say("Revocation: %d connected devices revoked one by one with the full CRL...", CUT_OFFS);
        CutOffPhase.Outcome full = cutOffs.run("bench-cut-full-", CUT_OFFS);
        report(full, "_100k");

        figures.put("revoke_single_ms", millis(small.call().p50()));
        figures.put("revoke_single_p99_ms", millis(small.call().p99()));
        figures.put("revoke_single_crl_entries", small.crlEntries());
        figures.put("revoke_single_100k_ms", millis(full.call().p50()));
        figures.put("revoke_single_100k_p99_ms", millis(full.call().p99()));
        figures.put("revoke_single_100k_crl_entries", full.crlEntries());
        figures.put("gateway_cpu_ms_per_revoke", small.cpuMillisPerRevocation().map(GatewayBench::round2));
        figures.put("gateway_cpu_ms_per_revoke_100k", full.cpuMillisPerRevocation().map(GatewayBench::round2));
        figures.put("upkeep_cpu_ms_per_revoke", small.upkeepCpuMillisPerRevocation().map(GatewayBench::round2));
        figures.put("upkeep_cpu_ms_per_revoke_100k", full.upkeepCpuMillisPerRevocation().map(GatewayBench::round2));
        figures.put("revoke_to_cutoff_ms", millis(small.cutOff().p50()));
        figures.put("revoke_to_cutoff_p99_ms", millis(small.cutOff().p99()));
        figures.put("revoke_to_cutoff_100k_ms", millis(full.cutOff().p50()));
        figures.put("revoke_to_cutoff_100k_p99_ms", millis(full.cutOff().p99()));
        figures.put("revoke_cutoff_note", CUT_OFF_NOTE);
        figures.put("revoke_cpu_note", CPU_NOTE);
    }

    /**
     * Two more gateways of a new fleet and a Mosquitto between them: the lag of {@value #SYNC_REVOCATIONS}
     * revocations. Without Mosquitto installed the figures are absent and the note says how to install it.
     */
    void syncLag(Path folder, Map<String, Object> figures) throws Exception {
        Optional<UpstreamMosquitto.Installation> mosquitto = UpstreamMosquitto.find();
        if (mosquitto.isEmpty()) {
            figures.put("sync_lag_ms", Optional.empty());
            figures.put("sync_lag_p99_ms", Optional.empty());
            figures.put("sync_note", "not measured: mosquitto is not installed (" + UpstreamMosquitto.INSTALL_HINT + ")");
            say("Sync lag: not measured, mosquitto is not installed (%s)", UpstreamMosquitto.INSTALL_HINT);
            return;
        }
        say("Sync lag: two gateways of one fleet through a local Mosquitto, %d revocations one by one...", SYNC_REVOCATIONS);
        try (UpstreamMosquitto upstream = UpstreamMosquitto.start(mosquitto.get(), folder.resolve("mosquitto"))) {
            List<GatewayApplication> pair = launcher.startFleetPair(folder.resolve("fleet"), upstream.uri(),
                    UpstreamMosquitto.USERNAME, upstream.passwordFile());
            try {
                LatencySummary lag = new SyncLagPhase(pair.get(0), pair.get(1), random, clock).run("bench-sync-", SYNC_REVOCATIONS);
                figures.put("sync_lag_ms", millis(lag.p50()));
                figures.put("sync_lag_p99_ms", millis(lag.p99()));
                figures.put("sync_note", "from revokeDevice on gateway A to gateway B having enforced it (recorded, CRL rebuilt,"
                        + " broker told), through Mosquitto on loopback (MQTT 3.1.1, QoS 1, plain TCP); both gateways in this JVM; "
                        + lag.count() + " revocations one after another after 3 unmeasured, p99 = the slowest");
                say("  p50 %.1f ms, p99 %.1f ms", millis(lag.p50()), millis(lag.p99()));
            } finally {
                pair.forEach(GatewayApplication::stop);
            }
        }
    }

    /**
     * Where a single revocation's time goes at a full CRL: the registry read of every revoked serial alone, then the
     * whole rebuild the use case runs after its commit (read, build, sign, write the file, publish the retained CRL).
     */
    private void rebuildParts(GatewayApplication gateway, Map<String, Object> figures) {
        List<Duration> reads = new ArrayList<>();
        List<Duration> rebuilds = new ArrayList<>();
        for (int i = 0; i < REBUILDS; i++) {
            long start = System.nanoTime();
            int entries = gateway.registry().certificates().findRevokedSerialsUnexpired(clock.instant()).size();
            reads.add(Duration.ofNanos(System.nanoTime() - start));
            start = System.nanoTime();
            gateway.revocation().rebuildCrl();
            rebuilds.add(Duration.ofNanos(System.nanoTime() - start));
            if (entries < GatewayBench.CRL_ENTRIES) {
                throw new IllegalStateException("the registry holds " + entries + " revoked serials, not " + GatewayBench.CRL_ENTRIES);
            }
        }
        LatencySummary read = LatencySummary.of(reads);
        LatencySummary rebuild = LatencySummary.of(rebuilds);
        figures.put("crl_read_serials_100k_ms", millis(read.p50()));
        figures.put("crl_rebuild_100k_ms", millis(rebuild.p50()));
        say("  at %,d entries: registry read of the serials %.0f ms, whole CRL rebuild (read, build, sign, write, publish) %.0f ms"
                + " (medians of %d)", GatewayBench.CRL_ENTRIES, millis(read.p50()), millis(rebuild.p50()), REBUILDS);
    }

    private void report(CutOffPhase.Outcome outcome, String suffix) {
        say("  CRL %,d entries: call p50 %.1f ms, p99 %.1f ms; cut off p50 %.1f ms, p99 %.1f ms%s", outcome.crlEntries(),
                millis(outcome.call().p50()), millis(outcome.call().p99()), millis(outcome.cutOff().p50()),
                millis(outcome.cutOff().p99()), suffix.isEmpty() ? "" : " (full CRL)");
    }

    private void say(String format, Object... args) {
        console.printf(format + "%n", args);
        console.flush();
    }

    private static double millis(Duration duration) {
        return GatewayBench.round(duration.toNanos() / 1e6);
    }
}
