package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.identity.TestPki;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HiveMqFoldersTest {
    private static TestPki pki;
    private static TestPki.Credential server;

    @TempDir
    Path work;

    @BeforeAll
    static void make_pki() throws Exception {
        pki = new TestPki();
        server = pki.server();
    }

    @Test
    void listener_binds_to_loopback_on_a_free_port_by_default() throws Exception {
        String xml = givenWrittenConfig();

        assertThat(xml).contains("<bind-address>127.0.0.1</bind-address>").contains("<port>0</port>");
    }

    @Test
    void client_certificates_are_optional() throws Exception {
        assertThat(givenWrittenConfig()).contains("<client-authentication-mode>OPTIONAL</client-authentication-mode>");
    }

    @Test
    void persistence_is_in_memory() throws Exception {
        assertThat(givenWrittenConfig()).contains("<persistence><mode>in-memory</mode></persistence>");
    }

    @Test
    void only_aead_suites_with_forward_secrecy_are_offered() throws Exception {
        String xml = givenWrittenConfig();
        Matcher suites = Pattern.compile("<cipher-suite>([^<]+)</cipher-suite>").matcher(xml);
        int count = 0;
        while (suites.find()) {
            count++;
            assertThat(suites.group(1)).doesNotContain("CBC").doesNotStartWith("TLS_RSA_")
                    .matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_\\d+_GCM|CHACHA20_POLY1305)_SHA\\d+");
        }
        assertThat(count).isEqualTo(HiveMqFolders.CIPHER_SUITES.size());
    }

    @Test
    void only_tls_1_3_and_1_2_are_enabled() throws Exception {
        String xml = givenWrittenConfig();

        assertThat(xml).contains("<protocol>TLSv1.3</protocol>").contains("<protocol>TLSv1.2</protocol>")
                .doesNotContain("<protocol>TLSv1.1</protocol>").doesNotContain("<protocol>TLSv1</protocol>");
    }

    @Test
    void key_store_holds_the_server_key_under_the_password_in_the_config() throws Exception {
        String xml = givenWrittenConfig();
        Matcher password = Pattern.compile("<keystore>\\s*<path>[^<]+</path>\\s*<password>([^<]+)</password>").matcher(xml);
        assertThat(password.find()).isTrue();

        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(work.resolve("stores/server.p12"))) {
            store.load(in, password.group(1).toCharArray());
        }
        assertThat(store.getCertificate("server")).isEqualTo(server.leaf());
        assertThat(store.getKey("server", password.group(1).toCharArray())).isEqualTo(server.key());
    }

    @Test
    void key_store_and_config_are_readable_by_the_owner_only() throws Exception {
        givenWrittenConfig();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("stores/server.p12"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(work.resolve("conf/config.xml"))))
                .isEqualTo("rw-------");
    }

    @Test
    void a_non_empty_extensions_folder_is_refused() throws Exception {
        Files.createDirectories(work.resolve("extensions/stray-extension"));

        assertThatThrownBy(() -> HiveMqFolders.write(config(), new SecureRandom()))
                .isInstanceOfSatisfying(BrokerException.class,
                        e -> assertThat(e.failure()).isEqualTo(BrokerFailure.CONFIG_WRITE_FAILED))
                .hasMessageContaining("extensions");
    }

    @Test
    void delete_secrets_removes_the_key_store_and_the_config() throws Exception {
        HiveMqFolders folders = HiveMqFolders.write(config(), new SecureRandom());

        folders.deleteSecrets();

        assertThat(work.resolve("stores/server.p12")).doesNotExist();
        assertThat(work.resolve("conf/config.xml")).doesNotExist();
    }

    private String givenWrittenConfig() throws Exception {
        HiveMqFolders.write(config(), new SecureRandom());
        return Files.readString(work.resolve("conf/config.xml"), StandardCharsets.UTF_8);
    }

    private BrokerConfig config() {
        return BrokerConfig.loopback(server.chain(), server.key(), pki.gatewayCa(), work);
    }
}
