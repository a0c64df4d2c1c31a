package io.edgeprov.ui.client.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.client.ConnectFailure.Cause;
import io.edgeprov.ui.client.GatewayAddress;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each way a connection fails before the admin plane answers maps to what the person can fix. */
class MqttAdminConnectorTest {
    private static final char[] PASSWORD = "correct horse".toCharArray();
    @TempDir
    Path folder;
    private final MqttAdminConnector connector = new MqttAdminConnector(Duration.ofSeconds(3), Duration.ofSeconds(3));

    private ConnectFailure failure(GatewayAddress address, Path file, String password) {
        return catchThrowableOfType(ConnectFailure.class, () -> connector.connect(address, file, password.toCharArray()));
    }

    @Test
    void a_wrong_password_is_named_and_never_repeated() throws Exception {
        Path file = new TestPki("fleet-ca").operatorFile(folder, "alice", PASSWORD);

        ConnectFailure f = failure(new GatewayAddress("localhost", 1), file, "wrong-horse-42");

        assertThat(f.reason()).isEqualTo(Cause.WRONG_PASSWORD);
        assertThat(f.getMessage()).doesNotContain("wrong-horse-42").doesNotContain("correct horse");
    }

    @Test
    void a_file_that_is_not_pkcs12_or_is_missing_is_named() throws Exception {
        Path text = Files.writeString(folder.resolve("notes.p12"), "not a key store");

        assertThat(failure(new GatewayAddress("localhost", 1), text, "x").reason()).isEqualTo(Cause.NOT_A_CERTIFICATE_FILE);
        assertThat(failure(new GatewayAddress("localhost", 1), folder.resolve("absent.p12"), "x").reason())
                .isEqualTo(Cause.NO_CERTIFICATE_FILE);
    }

    @Test
    void nothing_listening_is_unreachable() throws Exception {
        Path file = new TestPki("fleet-ca").operatorFile(folder, "alice", PASSWORD);
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }

        assertThat(failure(new GatewayAddress("127.0.0.1", port), file, "correct horse").reason()).isEqualTo(Cause.UNREACHABLE);
    }

    @Test
    void a_gateway_whose_certificate_comes_from_another_ca_is_untrusted() throws Exception {
        Path file = new TestPki("fleet-ca").operatorFile(folder, "alice", PASSWORD);
        TestPki stranger = new TestPki("stranger-ca");
        KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
        keys.init(stranger.serverStore("s".toCharArray()), "s".toCharArray());
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        try (SSLServerSocket server = (SSLServerSocket) tls.getServerSocketFactory().createServerSocket(0, 5,
                InetAddress.getLoopbackAddress())) {
            Thread accept = new Thread(() -> {
                try (SSLSocket s = (SSLSocket) server.accept(); InputStream in = s.getInputStream()) {
                    in.read();
                } catch (Exception e) {
                    // The client aborts the handshake: that is the point.
                }
            });
            accept.setDaemon(true);
            accept.start();

            ConnectFailure f = failure(new GatewayAddress("localhost", server.getLocalPort()), file, "correct horse");

            assertThat(f.reason()).isEqualTo(Cause.UNTRUSTED_GATEWAY);
        }
    }
}
