package io.edgeprov.sim.tpm;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One swtpm TPM 2.0 emulator serving TCP on loopback, with its state, its private swtpm-localca
 * (root CA, issuing CA, serial file) and every temporary file under one folder.
 *
 * <p>{@link #manufacture(Path)} runs swtpm_setup the way a TPM vendor's production line would:
 * an RSA-2048 and an ECC P-384 EK, both persisted, with EK certificates in their TCG NV indices
 * and a platform certificate, signed by a CA that lives only in {@link #localCaDirectory()}, with
 * the NV indices write-locked.
 * Nothing is written to /var/lib/swtpm-localca or the user's home, so parallel builds never
 * share a CA or a lock.
 */
public final class SwtpmInstance implements AutoCloseable {
    /** TCG NV index of the RSA 2048 EK certificate. */
    public static final int RSA_EK_CERTIFICATE_INDEX = 0x01c00002;
    /** TCG NV index of the ECC NIST P-256 EK certificate (swtpm_setup makes a P-384 one instead). */
    public static final int ECC_P256_EK_CERTIFICATE_INDEX = 0x01c0000a;
    /** TCG NV index of the ECC NIST P-384 EK certificate swtpm_setup makes. */
    public static final int ECC_P384_EK_CERTIFICATE_INDEX = 0x01c00016;

    private static final Duration SETUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration START_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(20);
    private static final int START_ATTEMPTS = 3;

    private final Path directory;
    private final Process process;
    private final int serverPort;
    private final int controlPort;

    private SwtpmInstance(Path directory, Process process, int serverPort, int controlPort) {
        this.directory = directory;
        this.process = process;
        this.serverPort = serverPort;
        this.controlPort = controlPort;
    }

    /** Manufactures a fresh TPM (swtpm_setup) in {@code directory}, which must be empty or new, and starts it. */
    public static SwtpmInstance manufacture(Path directory) throws TpmOperationException {
        requireTools();
        Path dir = directory.toAbsolutePath();
        try {
            for (Path sub : List.of(state(dir), localCa(dir), dir.resolve("tmp"), dir.resolve("home"))) {
                Files.createDirectories(sub);
            }
            writeLocalCaConfig(dir);
        } catch (IOException e) {
            throw new TpmOperationException("cannot prepare the swtpm folder " + dir + ": " + e.getMessage(), e);
        }
        ExternalTool setup = new ExternalTool(dir, privateEnvironment(dir), SETUP_TIMEOUT);
        setup.run("swtpm_setup", "--tpm2",
                "--tpmstate", state(dir).toString(),
                "--config", localCa(dir).resolve("swtpm_setup.conf").toString(),
                "--create-ek-cert", "--create-platform-cert",
                // like a vendor's TPM: the certificates in NV can be read but no longer rewritten
                "--lock-nvram",
                "--overwrite");
        return start(dir);
    }

    /** Starts swtpm over a TPM state that {@link #manufacture(Path)} made earlier in {@code directory}. */
    public static SwtpmInstance start(Path directory) throws TpmOperationException {
        requireTools();
        Path dir = directory.toAbsolutePath();
        if (!Files.isDirectory(state(dir))) {
            throw new TpmOperationException("no swtpm state in " + dir + ": manufacture it first");
        }
        TpmOperationException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            try {
                return startOnce(dir);
            } catch (TpmOperationException e) {
                // another process may have taken a port between probing it free and swtpm binding it
                last = e;
            }
        }
        throw last;
    }

    private static SwtpmInstance startOnce(Path dir) throws TpmOperationException {
        int[] ports = freeLoopbackPorts();
        Path log = dir.resolve("swtpm.log");
        ProcessBuilder builder = new ProcessBuilder(
                ExternalTool.locate("swtpm").toString(), "socket", "--tpm2",
                "--server", "type=tcp,port=" + ports[0] + ",bindaddr=127.0.0.1",
                "--ctrl", "type=tcp,port=" + ports[1] + ",bindaddr=127.0.0.1",
                "--tpmstate", "dir=" + state(dir),
                "--flags", "not-need-init,startup-clear")
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(privateEnvironment(dir));
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new TpmOperationException("swtpm could not start: " + e.getMessage(), e);
        }
        SwtpmInstance instance = new SwtpmInstance(dir, process, ports[0], ports[1]);
        try {
            instance.awaitAccepting(log);
            return instance;
        } catch (TpmOperationException e) {
            instance.close();
            throw e;
        }
    }

    private void awaitAccepting(Path log) throws TpmOperationException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (accepts(controlPort) && accepts(serverPort)) {
                return;
            }
            try {
                // waiting on the process doubles as the probe interval and notices an early exit
                if (process.waitFor(PROBE_INTERVAL.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new TpmOperationException("swtpm exited with status " + process.exitValue()
                            + " before accepting: " + ExternalTool.excerpt(readQuietly(log)));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TpmOperationException("interrupted while waiting for swtpm", e);
            }
        }
        throw new TpmOperationException("swtpm did not accept on 127.0.0.1:" + serverPort + " within " + START_TIMEOUT);
    }

    private static boolean accepts(int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Two free adjacent ports: the swtpm TCTI always finds the control channel at the server port + 1. */
    private static int[] freeLoopbackPorts() throws TpmOperationException {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = server.getLocalPort();
                if (port < 65535) {
                    try (ServerSocket control = new ServerSocket(port + 1, 1, InetAddress.getLoopbackAddress())) {
                        return new int[] {port, control.getLocalPort()};
                    } catch (IOException taken) {
                        // port + 1 is in use; try another pair
                    }
                }
            } catch (IOException e) {
                throw new TpmOperationException("no free loopback port: " + e.getMessage(), e);
            }
        }
        throw new TpmOperationException("no two free adjacent loopback ports after 20 tries");
    }

    private static void requireTools() throws TpmOperationException {
        for (String tool : List.of("swtpm", "swtpm_setup", "swtpm_localca", "tpm2_createek")) {
            ExternalTool.locate(tool);
        }
    }

    private static void writeLocalCaConfig(Path dir) throws IOException {
        Path ca = localCa(dir);
        Files.writeString(ca.resolve("swtpm-localca.conf"), String.join("\n",
                "statedir = " + ca,
                "signingkey = " + ca.resolve("signkey.pem"),
                "issuercert = " + ca.resolve("issuercert.pem"),
                "certserial = " + ca.resolve("certserial"),
                ""), StandardCharsets.UTF_8);
        Files.writeString(ca.resolve("swtpm-localca.options"), String.join("\n",
                "--platform-manufacturer EdgeProv",
                "--platform-version 2.1",
                "--platform-model SimulatedGateway",
                ""), StandardCharsets.UTF_8);
        Files.writeString(ca.resolve("swtpm_setup.conf"), String.join("\n",
                "create_certs_tool = " + ExternalTool.find("swtpm_localca").orElseThrow(),
                "create_certs_tool_config = " + ca.resolve("swtpm-localca.conf"),
                "create_certs_tool_options = " + ca.resolve("swtpm-localca.options"),
                "active_pcr_banks = sha256",
                ""), StandardCharsets.UTF_8);
    }

    private static Map<String, String> privateEnvironment(Path dir) {
        // swtpm_setup puts its certificate scratch dir under TMPDIR and reads defaults from HOME
        return Map.of(
                "TMPDIR", dir.resolve("tmp").toString(),
                "HOME", dir.resolve("home").toString(),
                "XDG_CONFIG_HOME", dir.resolve("home").resolve(".config").toString());
    }

    private static Path state(Path dir) {
        return dir.resolve("state");
    }

    private static Path localCa(Path dir) {
        return dir.resolve("localca");
    }

    private static String readQuietly(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException | UncheckedIOException e) {
            return "";
        }
    }

    /** The TCTI configuration string tpm2-tools take ({@code TPM2TOOLS_TCTI} or {@code -T}). */
    public String tcti() {
        return "swtpm:host=127.0.0.1,port=" + serverPort;
    }

    public int serverPort() {
        return serverPort;
    }

    public int controlPort() {
        return controlPort;
    }

    /** The swtpm process id; {@link #close()} stops exactly this process. */
    public long pid() {
        return process.pid();
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    public Path directory() {
        return directory;
    }

    /** The private swtpm-localca folder: its root CA, the issuing CA and their keys. */
    public Path localCaDirectory() {
        return localCa(directory);
    }

    /** The self-signed root of the private swtpm-localca (PEM). */
    public Path localCaRootCertificate() {
        return localCa(directory).resolve("swtpm-localca-rootca-cert.pem");
    }

    /** The issuing CA certificate (PEM) that signed the EK and platform certificates; the root signed it. */
    public Path localCaIssuerCertificate() {
        return localCa(directory).resolve("issuercert.pem");
    }

    /** Stops the swtpm process by its PID (SIGTERM, then SIGKILL if it does not exit in time). */
    @Override
    public void close() {
        ProcessHandle handle = process.toHandle();
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                handle.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            handle.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "SwtpmInstance[pid=" + pid() + ", tcti=" + tcti() + ", dir=" + directory + "]";
    }
}
