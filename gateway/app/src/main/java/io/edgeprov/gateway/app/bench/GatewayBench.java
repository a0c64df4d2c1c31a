package io.edgeprov.gateway.app.bench;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetProgress;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * Runs a real gateway (made by {@code init} and {@code allow}) on loopback and measures what a fleet
 * sees: attested enrollments and mTLS renewals per second with their latencies, the process's CPU per
 * enrollment, heap and RSS; the same over CoAP/DTLS ({@link CoapPhase}); then, on the same gateway, revocations ({@link RevocationBench}: a batch, single
 * revocations until the broker cuts the device off, at an almost empty and at a full CRL); with the gateway
 * stopped, the CRL build alone and the sync lag between two more gateways through Mosquitto; then the
 * same-run baselines (raw P-256 sign rate, cfssl serve).
 *
 * <p>The fleet runs in this JVM, so CPU per enrollment includes the device side (software TPM,
 * TLS client); it is an upper bound for the gateway alone.
 */
public final class GatewayBench {
    private static final Duration PROGRESS = Duration.ofMillis(100);
    private static final int WARM_UP_DEVICES = 200;
    private static final long WARM_UP_MIN_SECONDS = 30;
    /** cfssl's best rate on this kind of machine came with 4-16 clients (PERFORMANCE.md). */
    private static final int CFSSL_CLIENTS = 16;
    /** The CRL size the issue names: a revocation must stay quick with this many entries. */
    static final int CRL_ENTRIES = 100_000;
    private static final int CRL_RUNS = 5;

    /** The gateway's own threads: HiveMQ's event loops and executors, request workers, the registry, /health. */
    static final Predicate<String> GATEWAY_THREADS = name -> name.startsWith("hivemq") || name.startsWith("embedded-hivemq")
            || name.startsWith("extension-") || name.startsWith("managed-extension") || name.startsWith("gateway-")
            || name.startsWith("registry-") || name.startsWith("health-endpoint");

    private final GatewayBenchSettings settings;
    private final GatewayLauncher launcher;
    private final PrintWriter console;
    private final Clock clock;
    private final ProcessProbe probe = new ProcessProbe(GATEWAY_THREADS);

    public GatewayBench(GatewayBenchSettings settings, GatewayLauncher launcher, PrintWriter console, Clock clock) {
        this.settings = settings;
        this.launcher = launcher;
        this.console = console;
        this.clock = clock;
    }

    /** Runs every measurement once and returns the figures in report order; empty values were not measurable. */
    public Map<String, Object> run() throws Exception {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("devices", settings.devices());
        figures.put("enrollment_path", settings.twoHandshakes() ? "two handshakes (devices reconnect with the certificate)"
                : "one handshake (devices keep the promoted attesting connection, decision 0036)");
        figures.put("concurrency", settings.concurrency());
        figures.put("seconds", settings.seconds());
        RevocationBench revocations = new RevocationBench(launcher, console, new BouncyCastleProvider(), new SecureRandom(), clock,
                probe);
        GatewayApplication gateway = launcher.start(settings.workFolder().resolve("gateway"));
        try {
            figures.put("gateway_limits", launcher.loadProfile());
            figures.put("heap_mb_after_start", round(probe.usedHeapMbAfterGc()));
            List<X509Certificate> trust = launcher.trustChain();
            int port = gateway.mqttAddress().getPort();
            console.printf("Gateway up on %s; pre-generating %d software TPMs per fleet...%n", gateway.mqttAddress(), settings.devices());
            console.flush();

            warmUp(trust, port);
            long connectionsBefore = gateway.mqttConnectionsAccepted().orElse(0);
            Window enroll = enrollments(trust, port, figures);
            long enrollConnections = gateway.mqttConnectionsAccepted().orElse(0) - connectionsBefore;
            Window renew = renewals(trust, port, figures, enroll);
            figures.put("gateway_cpu_ms_per_enroll", enroll.gatewayCpuMillisPerEvent());
            figures.put("gateway_cpu_ms_per_renew", renew.gatewayCpuMillisPerEvent());
            double handshakes = enroll.events() > 0 ? (double) enrollConnections / enroll.events() : 0;
            floor(figures, handshakes, enroll, renew);
            figures.put("process_cpu_ms_per_enroll", enroll.cpuMillisPerEvent());
            figures.put("process_cpu_ms_per_renew", renew.cpuMillisPerEvent());
            figures.put("cpu_note", "gateway_* = CPU of the gateway's own threads (broker event loops, request workers, registry);"
                    + " process_* adds the in-JVM fleet (software TPMs, TLS clients), JIT and GC");
            figures.put("rss_mb_after_fleets", probe.rssMb().map(GatewayBench::round));
            gateway = reconnectStorm(gateway, trust, figures);
            if (settings.mqttOnly()) {
                figures.put("phases", "mqtt only (--mqtt-only): no CoAP, registry fill, revocations, CRL build, sync lag");
                return finish(figures);
            }
            new CoapPhase(settings, launcher, console).measure(gateway.coapAddress(), trust, figures);

            console.printf("Inserting %,d enrollments + device rows through the registry...%n", settings.registryDevices());
            console.flush();
            insertRegistryRows(gateway);
            figures.put("registry_devices", settings.registryDevices());
            figures.put("heap_mb_100k", round(probe.usedHeapMbAfterGc()));
            figures.put("rss_mb_100k", probe.rssMb().map(GatewayBench::round));

            revocations.onGateway(gateway, trust, figures);
        } finally {
            gateway.stop();
        }
        crlBuild(figures);
        revocations.syncLag(settings.workFolder().resolve("sync"), figures);
        return finish(figures);
    }

    private Map<String, Object> finish(Map<String, Object> figures) throws Exception {
        baselines(figures);
        figures.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("date", LocalDate.now(clock.withZone(ZoneOffset.UTC)).toString());
        return figures;
    }

    /**
     * Runs a fleet through enrollment and back-to-back renewals without measuring it: the first
     * thousands of handshakes and requests run while the JIT compiles them and would be counted at
     * a fraction of the steady rate (PERFORMANCE.md: short warm-ups give about half).
     */
    private void warmUp(List<X509Certificate> trust, int port) throws Exception {
        Duration runFor = Duration.ofSeconds(Math.max(WARM_UP_MIN_SECONDS, 4L * settings.seconds()));
        int devices = Math.min(settings.devices(), WARM_UP_DEVICES);
        try (Fleet fleet = fleet("bench-w-", devices, Math.min(devices, settings.concurrency()), trust, port,
                Optional.of(Duration.ofMillis(1)), Optional.of(runFor))) {
            launcher.allow(fleet.onboarding());
            console.printf("Warm-up: %d devices enrolling and renewing for %d s (not measured)...%n", devices, runFor.toSeconds());
            console.flush();
            FleetReport report = fleet.run(progress -> { });
            console.printf("  warm-up done: %d enrolled, %d renewals%n", report.enrolled(), report.renewed());
            console.flush();
        }
    }

    private Window enrollments(List<X509Certificate> trust, int port, Map<String, Object> figures) throws Exception {
        try (Fleet fleet = fleet("bench-e-", settings.devices(), settings.concurrency(), trust, port, Optional.empty(), Optional.empty())) {
            launcher.allow(fleet.onboarding());
            console.printf("Enrolling %d devices, %d at a time...%n", settings.devices(), settings.concurrency());
            console.flush();
            Ticks ticks = new Ticks(probe);
            FleetReport report = fleet.run(ticks::record);
            Window window = ticks.untilAllEnrolled(settings.devices(), report);
            figures.put("enrolled", report.enrolled());
            figures.put("enroll_refused", report.refusals().values().stream().mapToInt(Integer::intValue).sum());
            figures.put("enroll_per_s", round(window.perSecond()));
            figures.put("enroll_p50_ms", millis(report.enrollment().p50()));
            figures.put("enroll_p95_ms", millis(report.enrollment().p95()));
            figures.put("enroll_p99_ms", millis(report.enrollment().p99()));
            console.printf("  %d enrolled in %.1f s: %.1f /s, p50 %.1f ms, p99 %.1f ms%n", report.enrolled(), window.seconds(),
                    window.perSecond(), millis(report.enrollment().p50()), millis(report.enrollment().p99()));
            return window;
        }
    }

    private Window renewals(List<X509Certificate> trust, int port, Map<String, Object> figures, Window enroll) throws Exception {
        // the renewal fleet must enroll first: give it twice what the first fleet took, then the measuring time
        Duration runFor = Duration.ofSeconds(settings.seconds() + 2L + (long) Math.ceil(2 * enroll.seconds()));
        try (Fleet fleet = fleet("bench-r-", settings.devices(), settings.concurrency(), trust, port, Optional.of(Duration.ofMillis(1)),
                Optional.of(runFor))) {
            launcher.allow(fleet.onboarding());
            console.printf("Renewal loop: %d devices renewing back to back over mTLS for about %d s...%n",
                    settings.devices(), runFor.toSeconds());
            console.flush();
            Ticks ticks = new Ticks(probe);
            FleetReport report = fleet.run(ticks::record);
            Window window = ticks.renewalsAfterAllEnrolled(settings.devices());
            figures.put("renewed", report.renewed());
            figures.put("renew_per_s", round(window.perSecond()));
            figures.put("renew_p50_ms", millis(report.renewal().p50()));
            figures.put("renew_p95_ms", millis(report.renewal().p95()));
            figures.put("renew_p99_ms", millis(report.renewal().p99()));
            figures.put("renew_refused", report.refusals().values().stream().mapToInt(Integer::intValue).sum());
            console.printf("  %d renewals in the %.1f s window: %.1f /s, p50 %.1f ms, p99 %.1f ms%n", window.events(),
                    window.seconds(), window.perSecond(), millis(report.renewal().p50()), millis(report.renewal().p99()));
            return window;
        }
    }

    private Fleet fleet(String prefix, int devices, int concurrency, List<X509Certificate> trust, int port, Optional<Duration> renewAfter,
                        Optional<Duration> runFor) {
        var builder = Fleet.builder().devices(devices).concurrency(concurrency).idPrefix(prefix)
                .ekMix(EkMix.ECC).broker("127.0.0.1", port).trust(trust).progressInterval(PROGRESS)
                .maxWait(Duration.ofMinutes(10)).acceptPromotion(!settings.twoHandshakes());
        renewAfter.ifPresent(builder::renewAfter);
        runFor.ifPresent(builder::duration);
        return builder.build();
    }

    /**
     * The native floor of the crypto the gateway did per enrollment (with the handshakes it measured per
     * enrollment) and per renewal, measured now, and the gateway's own CPU against it.
     */
    private void floor(Map<String, Object> figures, double handshakes, Window enroll, Window renew) throws Exception {
        console.printf("Native floor: P-256 sign, verify, ECDH on one core...%n");
        console.flush();
        CryptoFloor.Rates floor = CryptoFloor.measure(Math.min(3, settings.seconds()));
        figures.put("handshakes_per_enroll", round2(handshakes));
        figures.put("floor_source", floor.source());
        figures.put("floor_sign_per_s", round(floor.signPerS()));
        figures.put("floor_verify_per_s", round(floor.verifyPerS()));
        figures.put("floor_ecdh_per_s", round(floor.ecdhPerS()));
        double enrollFloor = floor.enrollMs(Math.max(1, Math.round(handshakes)));
        double renewFloor = floor.renewMs();
        figures.put("floor_ms_per_enroll", round3(enrollFloor));
        figures.put("floor_ms_per_renew", round3(renewFloor));
        figures.put("enroll_vs_floor", enroll.gatewayCpuNanos().filter(n -> enroll.events() > 0)
                .map(n -> round(n / 1e6 / enroll.events() / enrollFloor)));
        figures.put("renew_vs_floor", renew.gatewayCpuNanos().filter(n -> renew.events() > 0)
                .map(n -> round(n / 1e6 / renew.events() / renewFloor)));
        figures.put("floor_note", "floor = curve operations the gateway needs, at the native rate measured in this run:"
                + " per TLS handshake 2 sign-equivalents + 1 ECDH (+ 2 verify with a client certificate), per attestation"
                + " MakeCredential (1 sign-equivalent + 1 ECDH), AK and CSR verify, certificate sign; per renewal CSR verify +"
                + " certificate sign; *_vs_floor = gateway threads' CPU / floor");
        console.printf("  %s: sign %.0f/s, verify %.0f/s, ECDH %.0f/s; %.2f handshakes per enrollment; floor %.3f ms per"
                + " enrollment, %.3f ms per renewal%n", floor.source(), floor.signPerS(), floor.verifyPerS(), floor.ecdhPerS(),
                handshakes, enrollFloor, renewFloor);
        console.flush();
    }

    /** Returns the gateway that runs afterwards: the restarted one. */
    private GatewayApplication reconnectStorm(GatewayApplication gateway, List<X509Certificate> trust,
            Map<String, Object> figures) throws Exception {
        if (settings.reconnectDevices() == 0) {
            return gateway;
        }
        ReconnectStorm.Result result = new ReconnectStorm(settings.workFolder().resolve("storm"), console, probe)
                .run(gateway, trust, new BenchDevices(gateway.registry().commands(), new SecureRandom(), clock),
                        new BouncyCastleProvider(), settings.reconnectDevices(), launcher::restart);
        ReconnectStorm.Outcome storm = result.outcome();
        String key = settings.reconnectDevices() == GatewayBenchSettings.DEFAULT_RECONNECT_DEVICES ? "reconnect_10k_s"
                : "reconnect_" + settings.reconnectDevices() + "_s";
        figures.put(key, storm.back() == storm.devices() ? round(storm.reconnectSeconds()) : null);
        figures.put("reconnect_devices", storm.devices());
        figures.put("reconnect_back", storm.back());
        figures.put("reconnect_per_s", round(storm.back() / Math.max(1e-9, storm.reconnectSeconds())));
        figures.put("reconnect_first_connect_s", round(storm.firstSeconds()));
        figures.put("gateway_restart_s", round(storm.restartSeconds()));
        figures.put("gateway_cpu_ms_per_reconnect", storm.gatewayCpuMillisPerReconnect().map(GatewayBench::round2));
        figures.put("reconnect_outage_back", storm.backAfterOutage());
        figures.put("reconnect_outage_s", round(storm.outageSeconds()));
        figures.put("reconnect_outage_per_s", round(storm.backAfterOutage() / Math.max(1e-9, storm.outageSeconds())));
        figures.put("gateway_cpu_ms_per_resumed_reconnect", storm.gatewayCpuMillisPerResumedReconnect().map(GatewayBench::round2));
        figures.put("reconnect_note", "all devices connected (mTLS 1.3 + MQTT 5 CONNECT) from a separate light process with "
                + ReconnectStorm.WORKERS + " connecting threads; gateway stopped and started again from its config;"
                + " reconnect_*_s = from the restarted gateway's start returning to the last accepted CONNECT; full handshakes"
                + " (a restarted gateway has new session-ticket keys, so no session resumes); reconnect_outage_* = the same"
                + " devices dropping and reconnecting to the running gateway, each resuming its TLS 1.3 session"
                + storm.firstFailure().map(f -> "; first failure: " + f).orElse(""));
        return result.gateway();
    }

    private void insertRegistryRows(GatewayApplication gateway) {
        Instant now = clock.instant();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (int i = 0; i < settings.registryDevices(); i++) {
            String deviceId = "bench-registry-" + i;
            Sha256Digest ek = Sha256Digest.of(ByteBuffer.allocate(8).putLong(i).array());
            Enrollment enrollment = new Enrollment("bench-" + deviceId, new EnrollmentRule.Individual(deviceId, ek), true, "bench", now);
            pending.add(gateway.registry().enrollments().add(enrollment,
                    AuditEvent.of(now, "bench", "enrollment.add", deviceId, AuditOutcome.SUCCESS, "OK")));
            pending.add(gateway.registry().devices().save(DeviceRecord.pending(deviceId)));
            if (pending.size() >= 4000) {
                CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
                pending.clear();
            }
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
    }

    /** With the gateway stopped, so its threads do not share the core: a phase of a few seconds. */
    private void crlBuild(Map<String, Object> figures) throws Exception {
        console.printf("CRL of %,d entries: build + sign, median of %d after %d warm-ups...%n", CRL_ENTRIES, CRL_RUNS,
                CrlBuildPhase.WARM_UPS);
        console.flush();
        CrlBuildPhase.Outcome crl = new CrlBuildPhase(CRL_ENTRIES, CRL_RUNS, new BouncyCastleProvider(), new SecureRandom(), clock)
                .measure();
        figures.put("crl_build_100k_ms", round(crl.medianMillis()));
        figures.put("crl_build_100k_bytes", crl.crlBytes());
        console.printf("  %.1f ms median, %.1f ms max, %,d bytes%n", crl.medianMillis(), crl.maxMillis(), crl.crlBytes());
        console.flush();
    }

    private void baselines(Map<String, Object> figures) throws Exception {
        BouncyCastleProvider provider = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        console.printf("Baselines: raw ECDSA P-256 sign on one thread, then cfssl serve with %d clients (%d s each)...%n",
                CFSSL_CLIENTS, settings.seconds());
        console.flush();
        double signPerS = signRate(provider, random);
        figures.put("baseline_sign_per_s", round(signPerS));
        figures.put("baseline_provider", provider.getName() + " " + provider.getVersionStr() + ", one thread");
        CfsslBaseline.Outcome cfssl = new CfsslBaseline(settings.cfsslCommand(), provider, random)
                .measure(settings.workFolder().resolve("cfssl"), CFSSL_CLIENTS, settings.seconds());
        figures.put("cfssl_sign_per_s", cfssl.signPerSecond().map(GatewayBench::round));
        Object renew = figures.get("renew_per_s");
        figures.put("renew_vs_cfssl", cfssl.signPerSecond().filter(rate -> rate > 0 && renew instanceof Double)
                .map(rate -> Math.round((Double) renew / rate * 1000) / 1000.0));
        figures.put("cfssl_note", cfssl.note());
        console.printf("  sign %.0f /s; cfssl %s (%s)%n", signPerS,
                cfssl.signPerSecond().map(r -> String.format("%.0f /s", r)).orElse("n/a"), cfssl.note());
        console.flush();
    }

    private double signRate(BouncyCastleProvider provider, SecureRandom random) throws Exception {
        Signature sign = Signature.getInstance("SHA256withECDSA", provider);
        sign.initSign(io.edgeprov.pki.KeyAlgorithm.EC_P256.generate(provider, random).getPrivate());
        byte[] message = new byte[300];
        long warmUpEnd = System.nanoTime() + settings.seconds() * 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            sign.update(message);
            sign.sign();
        }
        long start = System.nanoTime();
        long end = start + settings.seconds() * 1_000_000_000L;
        long count = 0;
        long now;
        do {
            sign.update(message);
            sign.sign();
            count++;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    static double round3(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    /** Two decimals: for CPU per operation below a millisecond. */
    static double round2(double value) {
        return Math.round(value * 100) / 100.0;
    }

    private static double millis(Duration duration) {
        return round(duration.toNanos() / 1e6);
    }

    /** One measured stretch: events, seconds, and the CPU the process and the gateway's threads spent, when known. */
    record Window(long events, double seconds, Optional<Long> cpuNanos, Optional<Long> gatewayCpuNanos) {
        double perSecond() {
            return seconds <= 0 ? 0 : events / seconds;
        }

        Optional<Double> cpuMillisPerEvent() {
            return cpuNanos.filter(n -> events > 0).map(n -> round(n / 1e6 / events));
        }

        Optional<Double> gatewayCpuMillisPerEvent() {
            return gatewayCpuNanos.filter(n -> events > 0).map(n -> round(n / 1e6 / events));
        }
    }

    /** Progress ticks with the CPU times at each, so windows can be cut after the run. */
    private static final class Ticks {
        private record Tick(FleetProgress progress, Optional<Long> cpuNanos, Optional<Long> gatewayCpuNanos) {
        }

        private final ProcessProbe probe;
        private final Tick start;
        private final List<Tick> ticks = new CopyOnWriteArrayList<>();

        Ticks(ProcessProbe probe) {
            this.probe = probe;
            this.start = new Tick(null, probe.processCpuNanos(), probe.selectedThreadsCpuNanos());
        }

        void record(FleetProgress progress) {
            ticks.add(new Tick(progress, probe.processCpuNanos(), probe.selectedThreadsCpuNanos()));
        }

        /** From the fleet's start to the first tick with every device enrolled (or the whole run if none). */
        Window untilAllEnrolled(int devices, FleetReport report) {
            for (Tick tick : ticks) {
                if (tick.progress().enrolled() >= devices) {
                    return window(tick.progress().enrolled(), tick.progress().elapsed().toNanos() / 1e9, start, tick);
                }
            }
            Tick last = ticks.get(ticks.size() - 1);
            return window(report.enrolled(), report.elapsed().toNanos() / 1e9, start, last);
        }

        /** From the first tick with every device enrolled to the last tick before the fleet stopped. */
        Window renewalsAfterAllEnrolled(int devices) {
            // the final tick is emitted after the devices were stopped; its elapsed time includes the shutdown
            List<Tick> running = ticks.size() > 1 ? ticks.subList(0, ticks.size() - 1) : ticks;
            Tick first = running.stream().filter(t -> t.progress().enrolled() >= devices).findFirst().orElse(running.get(0));
            Tick last = running.get(running.size() - 1);
            double seconds = (last.progress().elapsed().toNanos() - first.progress().elapsed().toNanos()) / 1e9;
            return window(last.progress().renewed() - first.progress().renewed(), seconds, first, last);
        }

        private static Window window(long events, double seconds, Tick from, Tick to) {
            return new Window(events, seconds, since(from.cpuNanos(), to.cpuNanos()), since(from.gatewayCpuNanos(), to.gatewayCpuNanos()));
        }

        private static Optional<Long> since(Optional<Long> from, Optional<Long> to) {
            return from.flatMap(start -> to.map(end -> end - start));
        }
    }
}
