package io.edgeprov.tests.upstream;

import io.edgeprov.gateway.mqtt.external.MosquittoProcess;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Loopback ports: a free one, and a probe that waits until one accepts while its process lives. */
final class Ports {
    private static final Duration PROBE_EVERY = Duration.ofMillis(100);

    private Ports() {
    }

    static int freeLoopbackPort() throws IOException {
        return MosquittoProcess.freePort();
    }

    /** True once {@code port} accepts a connection; false when {@code process} exits first or the time runs out. */
    static boolean awaitListening(int port, Process process, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!accepts(port)) {
            // Waiting on the process doubles as the probe's pause and notices an early exit.
            if (process.waitFor(PROBE_EVERY.toMillis(), TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                return false;
            }
        }
        return true;
    }

    static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
