package io.edgeprov.tests.upstream;

import static org.assertj.core.api.Assertions.fail;

import io.edgeprov.gateway.mqtt.external.MosquittoProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One Mosquitto as the fleet upstream, run through the gateway-mqtt tests' {@link MosquittoProcess}:
 * a password file, persistence on (clean_session=false sessions and their queued QoS 1 messages are
 * saved when it stops and read back when it starts), plain TCP on loopback. Node 0 is the only node.
 */
public final class MosquittoUpstream implements UpstreamBroker {
    private static final List<Path> PASSWD = List.of(Path.of("/usr/bin/mosquitto_passwd"), Path.of("/usr/sbin/mosquitto_passwd"));
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path folder;
    private final int port;
    private final UpstreamCredentials credentials;
    private Optional<MosquittoProcess> process = Optional.empty();
    private int starts;

    private MosquittoUpstream(Path folder, int port, UpstreamCredentials credentials) {
        this.folder = folder;
        this.port = port;
        this.credentials = credentials;
    }

    /** A single Mosquitto in a new folder under {@code parent}; not started yet. */
    public static MosquittoUpstream single(Path parent) throws IOException {
        byte[] password = new byte[16];
        RANDOM.nextBytes(password);
        return new MosquittoUpstream(Files.createTempDirectory(parent, "mosquitto-"), Ports.freeLoopbackPort(),
                new UpstreamCredentials("fleet-sync", HexFormat.of().formatHex(password)));
    }

    @Override
    public String name() {
        return "mosquitto";
    }

    @Override
    public List<MqttEndpoint> nodes() {
        return List.of(new MqttEndpoint("127.0.0.1", port));
    }

    @Override
    public UpstreamCredentials credentials() {
        return credentials;
    }

    @Override
    public void start() throws Exception {
        Path passwords = folder.resolve("passwd");
        writePasswordFile(passwords);
        Files.createDirectories(folder.resolve("data"));
        String conf = "# Written by the fleet upstream test harness (MosquittoUpstream).\n"
                // As root Mosquitto would drop to user mosquitto, which cannot read the test's private folder.
                + "user " + System.getProperty("user.name") + "\n"
                + "listener " + port + " 127.0.0.1\n"
                + "allow_anonymous false\n"
                + "password_file " + passwords + "\n"
                + "persistence true\n"
                + "persistence_location " + folder.resolve("data") + "/\n"
                + "log_dest stdout\n";
        Files.writeString(folder.resolve("mosquitto.conf"), conf);
        startNode(0);
    }

    @Override
    public void stopNode(int node) throws InterruptedException {
        checkNode(node);
        if (process.isPresent()) {
            process.get().close();
            process = Optional.empty();
        }
    }

    @Override
    public void startNode(int node) throws Exception {
        checkNode(node);
        if (process.isPresent()) {
            throw new IllegalStateException("mosquitto is already running");
        }
        starts++;
        process = Optional.of(MosquittoProcess.start(folder.resolve("mosquitto.conf"),
                folder.resolve("mosquitto-" + starts + ".log"), port));
    }

    /** The PID of the running Mosquitto, if it runs. */
    public Optional<Long> pid() {
        return process.map(MosquittoProcess::pid);
    }

    @Override
    public void close() throws Exception {
        try {
            stopNode(0);
        } finally {
            Folders.deleteTree(folder);
        }
    }

    private void writePasswordFile(Path passwords) throws IOException, InterruptedException {
        Path tool = PASSWD.stream().filter(Files::isExecutable).findFirst()
                .orElseGet(() -> fail("mosquitto_passwd is not installed: apt-get install -y mosquitto"));
        Process process = new ProcessBuilder(tool.toString(), "-b", "-c", passwords.toString(), credentials.username(),
                credentials.password()).redirectErrorStream(true).start();
        if (!process.waitFor(10, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException("mosquitto_passwd failed: " + new String(process.getInputStream().readAllBytes()));
        }
    }

    private static void checkNode(int node) {
        if (node != 0) {
            throw new IndexOutOfBoundsException("a single Mosquitto has node 0 only, not " + node);
        }
    }
}
