package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UpstreamMosquittoTest {
    @TempDir
    Path folder;

    @Test
    void listens_on_loopback_with_an_owner_only_password_file_and_stops() throws Exception {
        var installation = UpstreamMosquitto.find();
        assertThat(installation).as("mosquitto is not installed: " + UpstreamMosquitto.INSTALL_HINT).isPresent();

        int port;
        try (UpstreamMosquitto mosquitto = UpstreamMosquitto.start(installation.get(), folder.resolve("m"))) {
            port = mosquitto.uri().getPort();
            assertThat(mosquitto.uri().toString()).startsWith("tcp://127.0.0.1:");
            assertThat(Files.readString(mosquitto.passwordFile()).strip()).hasSize(32);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(mosquitto.passwordFile()))).isEqualTo("rw-------");
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000);
            }
        }
        try (Socket socket = new Socket()) {
            assertThat(org.assertj.core.api.Assertions.catchThrowable(
                    () -> socket.connect(new InetSocketAddress("127.0.0.1", port), 1_000))).isNotNull();
        }
    }
}
