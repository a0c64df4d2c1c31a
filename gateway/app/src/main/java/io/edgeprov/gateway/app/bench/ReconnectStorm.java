package io.edgeprov.gateway.app.bench;

import io.edgeprov.gateway.app.GatewayApplication;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * After a gateway restart every enrolled device reconnects at once: {@code count} devices with real
 * certificates recorded in the registry connect (mutual TLS 1.3 + MQTT 5 CONNECT) from a separate light
 * process ({@link StormClient}, so the two ends do not share one descriptor limit), the gateway is stopped
 * and started again from its configuration, and the figure is the time from the new gateway's start
 * returning to the last device's accepted CONNECT. Every device is back or the count of those that are not
 * is reported.
 */
final class ReconnectStorm {
    /** Connecting workers of the fleet process: devices do not wait for each other, but the cores are two. */
    static final int WORKERS = 32;
    private static final long REPLY_TIMEOUT_MINUTES = 10;

    /** What the storm measured; {@code gatewayCpuNanos} is the new gateway's threads during the reconnects. */
    record Outcome(int devices, int firstConnected, double firstSeconds, int back, int failed, double restartSeconds,
            double reconnectSeconds, Optional<Long> gatewayCpuNanos, Optional<String> firstFailure, int backAfterOutage,
            double outageSeconds, Optional<Long> outageGatewayCpuNanos) {
        Optional<Double> gatewayCpuMillisPerResumedReconnect() {
            return outageGatewayCpuNanos.filter(n -> backAfterOutage > 0).map(n -> n / 1e6 / backAfterOutage);
        }

        Optional<Double> gatewayCpuMillisPerReconnect() {
            return gatewayCpuNanos.filter(n -> back > 0).map(n -> n / 1e6 / back);
        }
    }

    /** Stops and starts the gateway the way an operator restarts it (same configuration, same data). */
    interface Restart {
        GatewayApplication restart() throws Exception;
    }

    private final Path work;
    private final PrintWriter console;
    private final ProcessProbe probe;

    ReconnectStorm(Path work, PrintWriter console, ProcessProbe probe) {
        this.work = work;
        this.console = console;
        this.probe = probe;
    }

    /**
     * @return the outcome and the gateway now running (the restarted one), which the caller stops
     */
    Result run(GatewayApplication gateway, List<X509Certificate> trust, BenchDevices devices, Provider provider, int count,
            Restart restart) throws Exception {
        Files.createDirectories(work);
        console.printf("Reconnect storm: issuing %,d device certificates...%n", count);
        console.flush();
        List<BenchDevices.Credential> credentials = devices.issueReal(BenchDevices.ids("bench-storm-", count),
                gateway.certificateAuthority(), provider);
        Path file = work.resolve("storm-devices.txt");
        writeCredentials(file, trust, credentials);
        List<String> command = new ArrayList<>(List.of(javaCommand(), "-Xss256k"));
        // the fleet offers the key share this JVM prefers (decision 0037), as the in-process fleets do
        for (String property : List.of(io.edgeprov.pki.TlsKeyShares.PROPERTY, io.edgeprov.pki.TlsKeyShares.SWITCH,
                io.edgeprov.pki.EllipticCurveProvider.NATIVE_PROPERTY)) {
            Optional.ofNullable(System.getProperty(property)).ifPresent(value -> command.add("-D" + property + "=" + value));
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), StormClient.class.getName(), file.toString(),
                "127.0.0.1", Integer.toString(WORKERS)));
        Process fleet = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        GatewayApplication running = gateway;
        try (BufferedReader replies = new BufferedReader(new InputStreamReader(fleet.getInputStream(), StandardCharsets.UTF_8));
                PrintWriter commands = new PrintWriter(fleet.getOutputStream(), true, StandardCharsets.UTF_8)) {
            expect(replies, "ready");
            console.printf("  %,d devices connecting (%d workers in their own process)...%n", count, WORKERS);
            console.flush();
            commands.println("connect " + gateway.mqttAddress().getPort());
            String[] first = expect(replies, "done");
            console.printf("  all connected once: %s of %,d in %.1f s; restarting the gateway...%n", first[1], count,
                    Long.parseLong(first[3]) / 1e3);
            console.flush();
            long stopping = System.nanoTime();
            running = null;
            gateway.stop();
            running = restart.restart();
            double restartSeconds = (System.nanoTime() - stopping) / 1e9;
            Optional<Long> cpuBefore = probe.selectedThreadsCpuNanos();
            long started = System.nanoTime();
            commands.println("connect " + running.mqttAddress().getPort());
            String[] back = expect(replies, "done");
            double seconds = (System.nanoTime() - started) / 1e9;
            Optional<Long> cpu = cpuBefore.flatMap(before -> probe.selectedThreadsCpuNanos().map(after -> after - before));
            // A network outage instead: the gateway stays up, every device drops and comes back, and each
            // resumes the TLS session of its last connection (decision 0038).
            console.printf("  network outage: every device drops and reconnects to the same gateway...%n");
            console.flush();
            Optional<Long> outageCpuBefore = probe.selectedThreadsCpuNanos();
            long outageStart = System.nanoTime();
            commands.println("connect " + running.mqttAddress().getPort());
            String[] resumed = expect(replies, "done");
            double outageSeconds = (System.nanoTime() - outageStart) / 1e9;
            Optional<Long> outageCpu = outageCpuBefore.flatMap(before -> probe.selectedThreadsCpuNanos().map(after -> after - before));
            commands.println("quit");
            Outcome outcome = new Outcome(count, Integer.parseInt(first[1]), Long.parseLong(first[3]) / 1e3,
                    Integer.parseInt(back[1]), Integer.parseInt(back[2]), restartSeconds, seconds, cpu,
                    back.length > 4 ? Optional.of(String.join(" ", List.of(back).subList(4, back.length))) : Optional.empty(),
                    Integer.parseInt(resumed[1]), outageSeconds, outageCpu);
            console.printf("  after the restart (%.1f s): %,d back, %,d failed, in %.1f s; after an outage: %,d back in %.1f s%n",
                    restartSeconds, outcome.back(), outcome.failed(), seconds, outcome.backAfterOutage(), outageSeconds);
            console.flush();
            return new Result(outcome, running);
        } catch (Exception | Error e) {
            if (running != null && running != gateway) {
                running.stop();
            }
            throw e;
        } finally {
            if (!fleet.waitFor(30, TimeUnit.SECONDS)) {
                fleet.destroyForcibly();
            }
            Files.deleteIfExists(file);
        }
    }

    /** The outcome, and the gateway that runs now. */
    record Result(Outcome outcome, GatewayApplication gateway) {
    }

    private static String[] expect(BufferedReader replies, String word) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(REPLY_TIMEOUT_MINUTES);
        String line;
        while ((line = replies.readLine()) != null) {
            String[] parts = line.trim().split(" ");
            if (parts[0].equals(word)) {
                return parts;
            }
            if (System.nanoTime() > deadline) {
                break;
            }
        }
        throw new IOException("the storm fleet process ended or did not answer '" + word + "'");
    }

    /** Key material of bench devices only, in the bench's own work folder, deleted after the phase. */
    private static void writeCredentials(Path file, List<X509Certificate> trust, List<BenchDevices.Credential> credentials)
            throws Exception {
        Base64.Encoder base64 = Base64.getEncoder();
        // the devices' private keys: owner-only from the first byte, deleted after the storm
        Files.deleteIfExists(file);
        Files.createFile(file, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            for (X509Certificate anchor : trust) {
                writer.write("trust " + base64.encodeToString(anchor.getEncoded()) + "\n");
            }
            for (BenchDevices.Credential credential : credentials) {
                List<String> parts = new ArrayList<>();
                parts.add("device");
                parts.add(credential.deviceId());
                parts.add(base64.encodeToString(credential.key().getEncoded()));
                for (X509Certificate certificate : credential.chain()) {
                    parts.add(base64.encodeToString(certificate.getEncoded()));
                }
                writer.write(String.join(" ", parts) + "\n");
            }
        }
    }

    private static String javaCommand() {
        return ProcessHandle.current().info().command().orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }
}
