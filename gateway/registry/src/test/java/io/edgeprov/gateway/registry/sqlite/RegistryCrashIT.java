package io.edgeprov.gateway.registry.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kills a writing child JVM with SIGKILL and checks that every answered write survived. */
class RegistryCrashIT {

    private static final int RECEIPTS_BEFORE_KILL = 2_000;

    @TempDir
    Path folder;

    private Optional<Process> child = Optional.empty();

    @AfterEach
    void stop_child() throws InterruptedException {
        if (child.isPresent() && child.get().isAlive()) {
            child.get().toHandle().destroyForcibly();
            child.get().waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void every_write_answered_before_sigkill_is_on_disk_and_the_chain_verifies() throws Exception {
        RegistryFixture fixture = new RegistryFixture(folder);
        Set<String> answered = new HashSet<>();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            server.setSoTimeout(60_000);
            child = Optional.of(givenChildWriting(fixture.file(), server.getLocalPort()));
            try (Socket socket = server.accept();
                    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                            StandardCharsets.US_ASCII))) {
                socket.setSoTimeout(60_000);
                while (answered.size() < RECEIPTS_BEFORE_KILL) {
                    answered.add(in.readLine());
                }
                assertThat(child.get().toHandle().destroyForcibly()).as("SIGKILL sent").isTrue();
                assertThat(child.get().waitFor(30, TimeUnit.SECONDS)).as("child died").isTrue();
                for (String line = in.readLine(); line != null; line = in.readLine()) {
                    answered.add(line);
                }
            }
        }

        try (SqliteRegistry reopened = fixture.open()) {
            Set<String> stored = reopened.certificates().findByDevice("sensor-1").stream()
                    .map(CertificateRecord::serialHex).collect(Collectors.toSet());
            assertThat(stored).containsAll(answered);
            assertThat(new AuditChainVerifier(reopened.auditLog()).verify())
                    .isEqualTo(new ChainVerdict.Intact(stored.size(), reopened.auditLog().head().orElseThrow().entryHash()));
        } finally {
            fixture.close();
        }
    }

    private Process givenChildWriting(Path database, int port) throws java.io.IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return new ProcessBuilder(List.of(java.toString(), "-Xmx64m", "-cp", classPath,
                CrashingWriterMain.class.getName(), database.toString(), Integer.toString(port)))
                .redirectOutput(folder.resolve("child.out").toFile())
                .redirectError(folder.resolve("child.err").toFile())
                .start();
    }
}
