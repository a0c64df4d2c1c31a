package io.edgeprov.tests.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The gateway as operators run it: `edge-provisioner run --config ...` in its own JVM (the test
 * JVM's class path already holds the gateway and its libraries), stdout and stderr in files.
 */
final class GatewayProcess implements AutoCloseable {
    private static final String MAIN = "io.edgeprov.gateway.app.cli.EdgeProvisionerCommand";
    private static final Duration PROBE_EVERY = Duration.ofMillis(200);
    private static final Duration EXIT_WAIT = Duration.ofSeconds(20);

    private final Process process;
    private final Path stdout;
    private final Path stderr;
    private final int httpPort;

    private GatewayProcess(Process process, Path stdout, Path stderr, int httpPort) {
        this.process = process;
        this.stdout = stdout;
        this.stderr = stderr;
        this.httpPort = httpPort;
    }

    /**
     * Starts `run --config config` in {@code logs}, so that nothing the child writes by accident lands
     * outside the test's folder; output goes to {@code logs/name.out} and {@code logs/name.err}.
     */
    static GatewayProcess start(Path config, int httpPort, Path logs, String name) throws IOException {
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        // C1 only: the broker's start-up is mostly class loading and cold code, and a child started twice
        // per run on a busy 2-core machine came up in half the time without C2 competing for the cores.
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-Xmx384m", "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), MAIN,
                "run", "--config", config.toString()))
                .directory(logs.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
        return new GatewayProcess(builder.start(), out, err, httpPort);
    }

    long pid() {
        return process.pid();
    }

    /**
     * Waits until /health answers 200, probing every 200 ms; fails with the child's output when it
     * exits first or the time runs out.
     */
    void awaitHealthy(Duration timeout) throws Exception {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/health"))
                .timeout(Duration.ofSeconds(2)).GET().build();
        CompletableFuture<Void> healthy = new CompletableFuture<>();
        ScheduledExecutorService prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "health-probe-" + pid());
            thread.setDaemon(true);
            return thread;
        });
        process.onExit().thenRun(() -> healthy.completeExceptionally(
                new IllegalStateException("the gateway exited with " + process.exitValue() + " before it was healthy")));
        try {
            prober.scheduleWithFixedDelay(() -> {
                try {
                    if (http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                        healthy.complete(null);
                    }
                } catch (IOException e) {
                    // not listening yet: the next probe asks again
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, 0, PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
            healthy.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new AssertionError("gateway process " + pid() + " did not become healthy on port " + httpPort
                    + " within " + timeout + ": " + e.getMessage() + "\n" + output(), e);
        } finally {
            prober.shutdownNow();
        }
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. Returns the exit status once it is gone. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        return awaitExit();
    }

    /** SIGTERM: the shutdown hook stops the gateway cleanly. Returns the exit status once it is gone. */
    int stop() throws InterruptedException {
        process.destroy();
        return awaitExit();
    }

    boolean isAlive() {
        return ProcessHandle.of(pid()).map(ProcessHandle::isAlive).orElse(false);
    }

    /** What the child wrote so far, for failure messages (the gateway's logs are redacted at the source). */
    String output() {
        return "--- " + stdout.getFileName() + "\n" + read(stdout) + "--- " + stderr.getFileName() + "\n" + read(stderr);
    }

    private int awaitExit() throws InterruptedException {
        if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("gateway process " + pid() + " still runs " + EXIT_WAIT + " after it was signalled");
        }
        return process.exitValue();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")\n";
        }
    }

    /** Kills the child by its PID if it still runs; safe to call twice. */
    @Override
    public void close() {
        ProcessHandle.of(pid()).ifPresent(handle -> {
            handle.destroyForcibly();
            handle.onExit().orTimeout(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS).exceptionally(e -> handle).join();
        });
    }
}
