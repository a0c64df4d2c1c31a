package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.mqtt.Reply;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: a figure. Request/reply round trips per second for one certificate-less device
 * through Mosquitto and the bridge with an echo handler, with TCP_NODELAY on both sides and off
 * on both sides. Writes its result to {@code gateway/mqtt/target/mosquitto-roundtrip.txt}.
 *
 * <p>Run from the worktree root after {@code mvn -pl gateway -am test-compile}, with the test
 * classpath: {@code java -cp ... io.edgeprov.gateway.mqtt.external.MosquittoRoundTripFigure [seconds]}.
 */
public final class MosquittoRoundTripFigure {
    private MosquittoRoundTripFigure() {
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 5);
        Path target = Path.of("gateway", "target");
        Files.createDirectories(target);
        Path work = Files.createTempDirectory(target, "mosquitto-bench");
        MosquittoPki pki = new MosquittoPki("gw1");
        List<String> lines = new ArrayList<>();
        lines.add("one Paho device (enrollment listener) -> Mosquitto 2.0 -> bridge -> echo handler, TLS, "
                + phase.toSeconds() + " s warm-up + " + phase.toSeconds() + " s measured, "
                + Runtime.getRuntime().availableProcessors() + " cores, JDK " + System.getProperty("java.version"));
        for (boolean noDelay : new boolean[] {true, false}) {
            lines.add(measure(pki, work.resolve(noDelay ? "nodelay" : "nagle"), noDelay, phase));
        }
        Files.write(target.resolve("mosquitto-roundtrip.txt"), lines, StandardCharsets.UTF_8);
    }

    private static String measure(MosquittoPki pki, Path folder, boolean noDelay, Duration phase) throws Exception {
        int devicePort = MosquittoProcess.freePort();
        int enrollPort = MosquittoProcess.freePort();
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", devicePort, enrollPort, MosquittoPki.GATEWAY_ID);
        if ("root".equals(System.getProperty("user.name"))) {
            settings = settings.withProcessUser("root");
        }
        MosquittoFiles files = MosquittoFiles.write(folder, settings, pki.server(), pki.trusted(), pki.crl());
        if (!noDelay) {
            Path config = files.configFile();
            Files.writeString(config, Files.readString(config).replace("set_tcp_nodelay true", "set_tcp_nodelay false"));
        }
        ExecutorService executor = Executors.newFixedThreadPool(2);
        try (MosquittoProcess mosquitto = MosquittoProcess.start(files.configFile(), folder.resolve("mosquitto.log"),
                devicePort, enrollPort);
             ExternalBrokerBridge bridge = ExternalBrokerBridge.builder()
                     .serverUri("ssl://127.0.0.1:" + devicePort)
                     .gatewayId(MosquittoPki.GATEWAY_ID)
                     .socketFactory(GatewayTls.socketFactory(pki.client(MosquittoPki.GATEWAY_ID), pki.trusted(), noDelay,
                             new SecureRandom()))
                     .handler((who, topic, payload) ->
                             CompletableFuture.completedFuture(Optional.of(new Reply(topic + "/accepted", payload))))
                     .executor(executor)
                     .crlInstaller(files.crlInstaller(mosquitto::reload))
                     .build()) {
            bridge.start();
            String id = "bench-device";
            try (TestDevice device = TestDevice.connect(enrollPort, id, pki.trusted(), Optional.empty(), noDelay)) {
                device.subscribe(Request.ATTEST_BEGIN.accepted(id));
                run(device, id, phase, new ArrayList<>());
                List<Long> latencies = new ArrayList<>();
                long started = System.nanoTime();
                int count = run(device, id, phase, latencies);
                double seconds = (System.nanoTime() - started) / 1e9;
                Collections.sort(latencies);
                return String.format("TCP_NODELAY %-5s (broker and both clients): %8.0f round trips/s, p50 %.2f ms, "
                        + "p99 %.2f ms (%d round trips)", noDelay, count / seconds, percentile(latencies, 0.50),
                        percentile(latencies, 0.99), count);
            }
        } finally {
            executor.shutdownNow();
        }
    }

    private static int run(TestDevice device, String id, Duration phase, List<Long> latencies) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        int count = 0;
        String topic = Request.ATTEST_BEGIN.topic(id);
        String accepted = Request.ATTEST_BEGIN.accepted(id);
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            byte[] correlation = ByteBuffer.allocate(8).putLong(count).array();
            device.publish(topic, "ping".getBytes(StandardCharsets.UTF_8), Optional.of(correlation));
            if (device.awaitMessageOn(accepted, new ArrayList<>()).isEmpty()) {
                throw new IllegalStateException("no reply within " + TestDevice.WAIT + " after " + count + " round trips");
            }
            latencies.add(System.nanoTime() - sent);
            count++;
        }
        return count;
    }

    private static double percentile(List<Long> sorted, double p) {
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        return sorted.get(Math.min(sorted.size() - 1, (int) (p * sorted.size()))) / 1e6;
    }
}
