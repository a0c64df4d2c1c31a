package io.edgeprov.sim.device;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A Mosquitto broker for integration tests with two TLS listeners on loopback: one that asks for
 * no client certificate (attestation) and one that requires a certificate from the gateway CA.
 * Started from the Debian package; stopped by PID.
 */
final class MosquittoBroker implements AutoCloseable {
    private static final Path BINARY = Path.of("/usr/sbin/mosquitto");

    final int openPort;
    final int mutualPort;
    private final Process process;

    MosquittoBroker(Path dir, X509Certificate root, GatewayPki.ServerIdentity server) throws Exception {
        if (!Files.isExecutable(BINARY)) {
            throw new AssertionError("mosquitto is missing: apt-get install -y mosquitto");
        }
        Files.writeString(dir.resolve("ca.pem"), pem("CERTIFICATE", root.getEncoded()));
        StringBuilder chain = new StringBuilder();
        for (X509Certificate c : server.chain()) {
            chain.append(pem("CERTIFICATE", c.getEncoded()));
        }
        Files.writeString(dir.resolve("server.pem"), chain);
        PrivateKey key = server.keys().getPrivate();
        Files.writeString(dir.resolve("server.key"), pem("PRIVATE KEY", key.getEncoded()));
        this.openPort = freePort();
        this.mutualPort = freePort();
        String tls = "cafile " + dir.resolve("ca.pem") + "\ncertfile " + dir.resolve("server.pem") + "\nkeyfile "
                + dir.resolve("server.key") + "\nallow_anonymous true\n";
        // as root, mosquitto would drop to user mosquitto, which cannot read the test's private temp folder
        String config = "user root\nper_listener_settings true\npersistence false\nset_tcp_nodelay true\nlog_dest stderr\n"
                + "listener " + openPort + " 127.0.0.1\n" + tls + "require_certificate false\n"
                + "listener " + mutualPort + " 127.0.0.1\n" + tls + "require_certificate true\n";
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, config);
        this.process = new ProcessBuilder(BINARY.toString(), "-c", conf.toString()).redirectErrorStream(true).start();
        CountDownLatch running = new CountDownLatch(1);
        Path log = dir.resolve("mosquitto.log");
        Thread reader = new Thread(() -> copyLog(running, log), "mosquitto-log");
        reader.setDaemon(true);
        reader.start();
        process.onExit().thenRun(running::countDown);
        if (!running.await(15, TimeUnit.SECONDS) || !process.isAlive()) {
            close();
            throw new AssertionError("mosquitto did not start: "
                    + (Files.exists(log) ? Files.readString(log) : "no output"));
        }
    }

    private void copyLog(CountDownLatch running, Path log) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                Files.writeString(log, line + "\n", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE,
                        java.nio.file.StandardOpenOption.APPEND);
                if (line.contains(" running")) {
                    running.countDown();
                }
            }
        } catch (IOException e) {
            // the broker went away; close() reports nothing more
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
