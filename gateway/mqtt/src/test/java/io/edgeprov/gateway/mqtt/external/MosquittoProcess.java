package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The real {@code mosquitto} binary, started on a written config and stopped by PID. Public for the
 * tests module, whose fleet upstream harness runs Mosquitto through it.
 */
public final class MosquittoProcess implements AutoCloseable {
    private static final List<Path> CANDIDATES = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    private final Process process;
    private final Path log;

    private MosquittoProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Starts Mosquitto and returns once every port accepts connections; fails the test if it cannot. */
    public static MosquittoProcess start(Path config, Path log, int... ports) throws Exception {
        Path binary = CANDIDATES.stream().filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("mosquitto is not installed: apt-get install -y mosquitto"));
        Process process = new ProcessBuilder(binary.toString(), "-c", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        MosquittoProcess mosquitto = new MosquittoProcess(process, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        for (int port : ports) {
            while (!accepts(port)) {
                // Waiting on the process doubles as the probe's pause and notices an early exit.
                if (process.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                    mosquitto.close();
                    fail("mosquitto did not listen on port " + port + "; its log:\n" + Files.readString(log));
                }
            }
        }
        return mosquitto;
    }

    /**
     * Fails the test, saying how to install it, unless Mosquitto's dynamic-security plugin is on this host:
     * the files the gateway writes load it, and without it revoked devices would stay connected.
     */
    static void requireDynamicSecurityPlugin() {
        if (DynamicSecurityPlugin.locate(DynamicSecurityPlugin.CANDIDATES).isEmpty()) {
            fail("Mosquitto's dynamic-security plugin (" + DynamicSecurityPlugin.FILE_NAME + ") is not installed: "
                    + "apt-get install -y mosquitto");
        }
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    public long pid() {
        return process.pid();
    }

    /** Sends SIGHUP, which makes Mosquitto re-read its configuration, ACL and CRL files. */
    void reload() {
        try {
            Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(process.pid())).redirectErrorStream(true).start();
            if (!kill.waitFor(5, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -HUP " + process.pid() + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot run kill -HUP " + process.pid() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reloading mosquitto", e);
        }
    }

    public String log() throws IOException {
        return Files.readString(log);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
