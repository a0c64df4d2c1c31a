package io.edgeprov.gateway.app.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Debian's Mosquitto as the fleet's upstream broker for the sync-lag phase, the way the fleet tests run it:
 * plain TCP on a free loopback port, a password file with one login, no persistence (the phase is seconds
 * long). An optional external program, like cfssl: {@link #find} says when it is not installed.
 */
final class UpstreamMosquitto implements AutoCloseable {
    static final String INSTALL_HINT = "apt-get install -y mosquitto";
    static final String USERNAME = "fleet-sync";
    private static final List<Path> BROKERS = List.of(Path.of("/usr/sbin/mosquitto"), Path.of("/usr/bin/mosquitto"));
    private static final List<Path> PASSWD = List.of(Path.of("/usr/bin/mosquitto_passwd"), Path.of("/usr/sbin/mosquitto_passwd"));
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

    /** Where the two programs are installed. */
    record Installation(Path broker, Path passwd) {
    }

    private final Process process;
    private final int port;
    private final Path passwordFile;
    private final Path log;

    private UpstreamMosquitto(Process process, int port, Path passwordFile, Path log) {
        this.process = process;
        this.port = port;
        this.passwordFile = passwordFile;
        this.log = log;
    }

    /** Mosquitto and mosquitto_passwd where Debian installs them; empty when either is missing. */
    static Optional<Installation> find() {
        Optional<Path> broker = BROKERS.stream().filter(Files::isExecutable).findFirst();
        Optional<Path> passwd = PASSWD.stream().filter(Files::isExecutable).findFirst();
        return broker.flatMap(b -> passwd.map(p -> new Installation(b, p)));
    }

    /** Writes a configuration and a password file into {@code folder} and starts Mosquitto; returns once it listens. */
    static UpstreamMosquitto start(Installation installation, Path folder) throws Exception {
        Files.createDirectories(folder);
        byte[] secret = new byte[16];
        new SecureRandom().nextBytes(secret);
        String password = HexFormat.of().formatHex(secret);
        Path passwords = folder.resolve("passwd");
        run(installation.passwd().toString(), "-b", "-c", passwords.toString(), USERNAME, password);
        // What the gateways read: the same secret, owner-only, as their upstream.passwordFile.
        Path passwordFile = Files.createFile(folder.resolve("upstream.pass"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(passwordFile, password + "\n");
        int port = freeLoopbackPort();
        Path config = folder.resolve("mosquitto.conf");
        Files.writeString(config, "# Written by bench gateway (sync lag phase).\n"
                // As root, Mosquitto would drop to user mosquitto, which cannot read this private folder.
                + "user " + System.getProperty("user.name") + "\n"
                + "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\n"
                + "password_file " + passwords + "\n"
                + "persistence false\n"
                + "log_dest stdout\n");
        Path log = folder.resolve("mosquitto.log");
        Process process = new ProcessBuilder(installation.broker().toString(), "-c", config.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        UpstreamMosquitto mosquitto = new UpstreamMosquitto(process, port, passwordFile, log);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!accepts(port)) {
            if (process.waitFor(50, TimeUnit.MILLISECONDS) || System.nanoTime() > deadline) {
                mosquitto.close();
                throw new IllegalStateException("mosquitto did not listen on port " + port + "; its log:\n" + Files.readString(log));
            }
        }
        return mosquitto;
    }

    /** The broker's address, as a gateway's {@code upstream.brokers} entry. */
    URI uri() {
        return URI.create("tcp://127.0.0.1:" + port);
    }

    /** The file holding the login's password, for {@code upstream.passwordFile}. */
    Path passwordFile() {
        return passwordFile;
    }

    Path log() {
        return log;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static void run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(command[0] + " failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
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
