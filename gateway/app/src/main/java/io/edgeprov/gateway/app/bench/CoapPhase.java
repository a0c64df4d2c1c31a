package io.edgeprov.gateway.app.bench;

import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetProgress;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.FleetTransport;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The CoAP figures beside the MQTT ones, on the same running gateway: attested enrollments over
 * CoAP/DTLS (EST-coaps {@code attb} and {@code sen}, then a DTLS handshake with the new certificate and
 * its TPM key) and renewals back to back on that DTLS session ({@code sren}), per second and with
 * latency percentiles, after a short unmeasured warm-up for the JIT. The devices are the same
 * software-TPM fleet as on MQTT, in this JVM, so the rates include the device side.
 *
 * <p>Keys: {@code coap_enroll_per_s}, {@code coap_enroll_p50_ms} .. {@code _p99_ms},
 * {@code coap_renew_per_s}, {@code coap_renew_p50_ms} .. {@code _p99_ms}, and the counts.
 */
final class CoapPhase {
    private static final Duration PROGRESS = Duration.ofMillis(100);
    private static final int WARM_UP_DEVICES = 100;

    private final GatewayBenchSettings settings;
    private final GatewayLauncher launcher;
    private final PrintWriter console;

    CoapPhase(GatewayBenchSettings settings, GatewayLauncher launcher, PrintWriter console) {
        this.settings = settings;
        this.launcher = launcher;
        this.console = console;
    }

    /** Measures against {@code coap}; without a CoAP front end the figures say so instead. */
    void measure(Optional<InetSocketAddress> coap, List<X509Certificate> trust, Map<String, Object> figures) throws Exception {
        if (coap.isEmpty()) {
            figures.put("coap_note", "the gateway ran without its CoAP front end (coap.enabled: false)");
            return;
        }
        int port = coap.get().getPort();
        warmUp(trust, port);
        double enrollSeconds = enrollments(trust, port, figures);
        renewals(trust, port, figures, enrollSeconds);
    }

    private void warmUp(List<X509Certificate> trust, int port) throws Exception {
        int devices = Math.min(settings.devices(), WARM_UP_DEVICES);
        Duration runFor = Duration.ofSeconds(Math.max(10, 2L * settings.seconds()));
        try (Fleet fleet = fleet("bench-cw-", devices, Math.min(devices, settings.concurrency()), trust, port,
                Optional.of(Duration.ofMillis(1)), Optional.of(runFor))) {
            launcher.allow(fleet.onboarding());
            console.printf("CoAP warm-up: %d devices enrolling and renewing over DTLS for %d s (not measured)...%n", devices,
                    runFor.toSeconds());
            console.flush();
            FleetReport report = fleet.run(progress -> { });
            console.printf("  CoAP warm-up done: %d enrolled, %d renewals%n", report.enrolled(), report.renewed());
            console.flush();
        }
    }

    private double enrollments(List<X509Certificate> trust, int port, Map<String, Object> figures) throws Exception {
        try (Fleet fleet = fleet("bench-ce-", settings.devices(), settings.concurrency(), trust, port, Optional.empty(),
                Optional.empty())) {
            launcher.allow(fleet.onboarding());
            console.printf("CoAP: enrolling %d devices over DTLS, %d at a time...%n", settings.devices(), settings.concurrency());
            console.flush();
            List<FleetProgress> ticks = new CopyOnWriteArrayList<>();
            FleetReport report = fleet.run(ticks::add);
            double seconds = ticks.stream().filter(t -> t.enrolled() >= settings.devices()).findFirst()
                    .map(t -> t.elapsed().toNanos() / 1e9).orElse(report.elapsed().toNanos() / 1e9);
            double perSecond = seconds <= 0 ? 0 : report.enrolled() / seconds;
            figures.put("coap_enrolled", report.enrolled());
            figures.put("coap_enroll_refused", report.refusals().values().stream().mapToInt(Integer::intValue).sum());
            figures.put("coap_enroll_per_s", GatewayBench.round(perSecond));
            figures.put("coap_enroll_p50_ms", millis(report.enrollment().p50()));
            figures.put("coap_enroll_p95_ms", millis(report.enrollment().p95()));
            figures.put("coap_enroll_p99_ms", millis(report.enrollment().p99()));
            console.printf("  %d enrolled over CoAP in %.1f s: %.1f /s, p50 %.1f ms, p99 %.1f ms%n", report.enrolled(), seconds,
                    perSecond, millis(report.enrollment().p50()), millis(report.enrollment().p99()));
            return seconds;
        }
    }

    private void renewals(List<X509Certificate> trust, int port, Map<String, Object> figures, double enrollSeconds)
            throws Exception {
        Duration runFor = Duration.ofSeconds(settings.seconds() + 2L + (long) Math.ceil(2 * enrollSeconds));
        try (Fleet fleet = fleet("bench-cr-", settings.devices(), settings.concurrency(), trust, port,
                Optional.of(Duration.ofMillis(1)), Optional.of(runFor))) {
            launcher.allow(fleet.onboarding());
            console.printf("CoAP renewal loop: %d devices renewing back to back over DTLS for about %d s...%n",
                    settings.devices(), runFor.toSeconds());
            console.flush();
            List<FleetProgress> ticks = new CopyOnWriteArrayList<>();
            FleetReport report = fleet.run(ticks::add);
            // the final tick is emitted after the devices were stopped; its elapsed time includes the shutdown
            List<FleetProgress> running = ticks.size() > 1 ? ticks.subList(0, ticks.size() - 1) : ticks;
            FleetProgress first = running.stream().filter(t -> t.enrolled() >= settings.devices()).findFirst()
                    .orElse(running.get(0));
            FleetProgress last = running.get(running.size() - 1);
            double seconds = (last.elapsed().toNanos() - first.elapsed().toNanos()) / 1e9;
            long renewed = last.renewed() - first.renewed();
            double perSecond = seconds <= 0 ? 0 : renewed / seconds;
            figures.put("coap_renewed", report.renewed());
            figures.put("coap_renew_per_s", GatewayBench.round(perSecond));
            figures.put("coap_renew_p50_ms", millis(report.renewal().p50()));
            figures.put("coap_renew_p95_ms", millis(report.renewal().p95()));
            figures.put("coap_renew_p99_ms", millis(report.renewal().p99()));
            figures.put("coap_renew_refused", report.refusals().values().stream().mapToInt(Integer::intValue).sum());
            console.printf("  %d CoAP renewals in the %.1f s window: %.1f /s, p50 %.1f ms, p99 %.1f ms%n", renewed, seconds,
                    perSecond, millis(report.renewal().p50()), millis(report.renewal().p99()));
            console.flush();
        }
    }

    private static Fleet fleet(String prefix, int devices, int concurrency, List<X509Certificate> trust, int port,
                               Optional<Duration> renewAfter, Optional<Duration> runFor) {
        var builder = Fleet.builder().devices(devices).concurrency(concurrency).idPrefix(prefix).ekMix(EkMix.ECC)
                .transport(FleetTransport.COAP).coap("127.0.0.1", port).trust(trust).progressInterval(PROGRESS)
                .maxWait(Duration.ofMinutes(10));
        renewAfter.ifPresent(builder::renewAfter);
        runFor.ifPresent(builder::duration);
        return builder.build();
    }

    private static double millis(Duration duration) {
        return GatewayBench.round(duration.toNanos() / 1e6);
    }
}
