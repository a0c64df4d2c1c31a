package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.TestPki;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Not a test: a figure. Request/response round trips per second for one Paho client through the
 * in-broker echo handler, with and without TCP_NODELAY on the client socket. Writes its result to
 * {@code target/broker-roundtrip.txt}.
 *
 * <p>Run from the worktree root after {@code mvn -pl gateway -am test-compile}:
 * {@code java -cp gateway/mqtt/target/classes:gateway/mqtt/target/test-classes:pki/target/classes:<test classpath>
 * io.edgeprov.gateway.mqtt.embedded.BrokerRoundTripBenchmark [seconds]}.
 */
public final class BrokerRoundTripBenchmark {
    private BrokerRoundTripBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Duration phase = Duration.ofSeconds(args.length > 0 ? Long.parseLong(args[0]) : 10);
        Path target = Path.of("gateway", "target");
        Files.createDirectories(target);
        Path work = Files.createTempDirectory(target, "broker-bench");
        TestPki pki = new TestPki();
        TestPki.Credential server = pki.server();
        ExecutorService executor = Executors.newFixedThreadPool(2);
        List<String> lines = new ArrayList<>();
        lines.add("one Paho client, TLS 1.3, echo handler in the broker, " + phase.toSeconds() + " s warm-up + "
                + phase.toSeconds() + " s measured, " + Runtime.getRuntime().availableProcessors() + " cores, JDK "
                + System.getProperty("java.version"));
        try (EmbeddedBroker broker = EmbeddedBroker.builder()
                .config(BrokerConfig.loopback(server.chain(), server.key(), pki.gatewayCa(), work.resolve("broker")))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> false,
                        Clock.systemUTC()))
                .requestHandler((who, topic, payload) ->
                        CompletableFuture.completedFuture(Optional.of(new Reply(topic + "/accepted", payload))))
                .requestExecutor(executor)
                .build()) {
            broker.start();
            for (boolean noDelay : new boolean[] {true, false}) {
                lines.add(measure(broker.port(), pki, noDelay, phase));
            }
        } finally {
            executor.shutdownNow();
        }
        Files.write(target.resolve("broker-roundtrip.txt"), lines, StandardCharsets.UTF_8);
    }

    private static String measure(int port, TestPki pki, boolean noDelay, Duration phase) throws Exception {
        String id = noDelay ? "bench-nodelay" : "bench-nagle";
        try (DeviceClient client = DeviceClient.connect(port, id, pki.gatewayCa(), Optional.empty(), noDelay)) {
            client.subscribe("prov/v1/" + id + "/attest/begin/accepted");
            run(client, id, phase, new ArrayList<>());
            List<Long> latencies = new ArrayList<>();
            long started = System.nanoTime();
            int count = run(client, id, phase, latencies);
            double seconds = (System.nanoTime() - started) / 1e9;
            Collections.sort(latencies);
            return String.format("TCP_NODELAY %-5s: %8.0f round trips/s, p50 %.2f ms, p99 %.2f ms (%d round trips)",
                    noDelay, count / seconds, percentile(latencies, 0.50), percentile(latencies, 0.99), count);
        }
    }

    private static int run(DeviceClient client, String id, Duration phase, List<Long> latencies) throws Exception {
        long end = System.nanoTime() + phase.toNanos();
        int count = 0;
        String topic = "prov/v1/" + id + "/attest/begin";
        while (System.nanoTime() < end) {
            long sent = System.nanoTime();
            byte[] correlation = ByteBuffer.allocate(8).putLong(count).array();
            client.publish(topic, "ping".getBytes(StandardCharsets.UTF_8), Optional.of(correlation));
            if (client.awaitMessage(Duration.ofSeconds(5)).isEmpty()) {
                throw new IllegalStateException("no reply within 5 s after " + count + " round trips");
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
