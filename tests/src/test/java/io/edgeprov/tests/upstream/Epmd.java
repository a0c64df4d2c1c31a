package io.edgeprov.tests.upstream;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * An Erlang port mapper of the test's own, in the foreground on a free loopback port. The nodes
 * and every rabbitmqctl run get its port in {@code ERL_EPMD_PORT}, so none of them starts (or
 * registers with) the machine's epmd on 4369, and parallel runs cannot see each other's nodes.
 */
final class Epmd implements AutoCloseable {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);

    private final Process process;
    private final int port;

    private Epmd(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static Epmd start(Path binary, Path log) throws IOException, InterruptedException {
        int port = Ports.freeLoopbackPort();
        Process process = new ProcessBuilder(binary.toString(), "-port", Integer.toString(port), "-address", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        Epmd epmd = new Epmd(process, port);
        if (!Ports.awaitListening(port, process, START_TIMEOUT)) {
            epmd.close();
            throw new IllegalStateException("epmd did not listen on " + port + ": " + Files.readString(log));
        }
        return epmd;
    }

    int port() {
        return port;
    }

    long pid() {
        return process.pid();
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }
}
