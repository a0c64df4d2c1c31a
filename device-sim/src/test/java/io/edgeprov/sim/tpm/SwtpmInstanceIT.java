package io.edgeprov.sim.tpm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SwtpmInstanceIT {
    private static final Path SYSTEM_LOCALCA = Path.of("/var/lib/swtpm-localca");

    private Path dir;

    private Map<String, Long> systemLocalCaBefore;
    private SwtpmInstance swtpm;

    @BeforeAll
    void manufacture_one_swtpm(@TempDir Path classDir) throws Exception {
        dir = classDir;
        systemLocalCaBefore = snapshot(SYSTEM_LOCALCA);
        swtpm = SwtpmInstance.manufacture(dir.resolve("tpm"));
    }

    @AfterAll
    void stop_swtpm() {
        if (swtpm != null) {
            swtpm.close();
        }
    }

    @Test
    void started_instance_accepts_connections_on_its_loopback_server_port() throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), swtpm.serverPort())) {
            assertThat(socket.isConnected()).isTrue();
        }
        assertThat(swtpm.tcti()).isEqualTo("swtpm:host=127.0.0.1,port=" + swtpm.serverPort());
    }

    @Test
    void local_ca_files_live_in_the_instance_folder() {
        assertThat(swtpm.localCaRootCertificate()).startsWith(dir).isRegularFile();
        assertThat(swtpm.localCaIssuerCertificate()).startsWith(dir).isRegularFile();
        assertThat(swtpm.localCaDirectory().resolve("signkey.pem")).isRegularFile();
    }

    @Test
    void issuing_ca_is_signed_by_the_private_root() throws Exception {
        X509Certificate root = pem(swtpm.localCaRootCertificate());
        X509Certificate issuer = pem(swtpm.localCaIssuerCertificate());

        issuer.verify(root.getPublicKey());

        assertThat(issuer.getIssuerX500Principal()).isEqualTo(root.getSubjectX500Principal());
    }

    @Test
    void manufacturing_does_not_touch_the_system_localca() throws IOException {
        assertThat(snapshot(SYSTEM_LOCALCA)).isEqualTo(systemLocalCaBefore);
    }

    @Test
    void close_stops_the_swtpm_process_by_pid() throws Exception {
        SwtpmInstance other = SwtpmInstance.manufacture(dir.resolve("other"));
        long pid = other.pid();

        other.close();

        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(java.util.Optional.of(true));
        assertThat(other.isRunning()).isFalse();
    }

    @Test
    void stopped_state_can_be_started_again_on_new_ports() throws Exception {
        SwtpmInstance other = SwtpmInstance.manufacture(dir.resolve("restart"));
        other.close();

        try (SwtpmInstance again = SwtpmInstance.start(dir.resolve("restart"));
             Socket socket = new Socket(InetAddress.getLoopbackAddress(), again.serverPort())) {
            assertThat(again.isRunning()).isTrue();
        }
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static Map<String, Long> snapshot(Path folder) throws IOException {
        Map<String, Long> entries = new TreeMap<>();
        if (!Files.exists(folder)) {
            return entries;
        }
        entries.put(".", Files.getLastModifiedTime(folder).toMillis());
        try (Stream<Path> files = Files.walk(folder)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                entries.put(folder.relativize(file).toString(), Files.getLastModifiedTime(file).toMillis());
            }
        }
        return entries;
    }
}
