package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoFilesTest {
    private static final MosquittoSettings SETTINGS = MosquittoSettings.of("127.0.0.1", 18883, 18884, "gw1-gateway");
    private static MosquittoPki pki;
    private static ServerCredential server;

    @TempDir
    Path folder;

    @BeforeAll
    static void make_pki() throws Exception {
        pki = new MosquittoPki("gw1");
        server = pki.server();
    }

    @Test
    void server_key_is_readable_by_its_owner_only() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(files.folder().resolve(MosquittoFiles.KEY_FILE))))
                .isEqualTo("rw-------");
    }

    @Test
    void config_turns_tcp_nodelay_on() throws Exception {
        assertThat(configLines(givenFiles(SETTINGS))).contains("set_tcp_nodelay true");
    }

    @Test
    void config_allows_only_tls_1_2_and_up_with_ecdhe_gcm_suites() throws Exception {
        List<String> lines = configLines(givenFiles(SETTINGS));

        assertThat(lines).filteredOn(line -> line.startsWith("tls_version")).hasSize(2).containsOnly("tls_version tlsv1.2");
        assertThat(lines).filteredOn(line -> line.startsWith("ciphers ")).hasSize(2)
                .allSatisfy(line -> assertThat(line.substring("ciphers ".length()).split(":"))
                        .allMatch(suite -> suite.startsWith("ECDHE-") && suite.contains("-GCM-")));
    }

    @Test
    void device_listener_requires_a_certificate_and_uses_its_name_as_username() throws Exception {
        List<String> device = listenerSection(givenFiles(SETTINGS), 18883);

        assertThat(device).contains("require_certificate true", "use_identity_as_username true", "allow_anonymous false");
    }

    @Test
    void device_listener_checks_the_crl() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);

        assertThat(listenerSection(files, 18883)).contains("crlfile " + files.crlFile());
    }

    @Test
    void enrollment_listener_asks_for_no_certificate_and_uses_its_own_acl() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);

        assertThat(listenerSection(files, 18884)).contains("require_certificate false", "allow_anonymous true",
                "acl_file " + files.folder().resolve(MosquittoFiles.ENROLL_ACL));
    }

    @Test
    void enrollment_listener_is_capped_and_the_device_listener_is_not() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS.withMaxEnrollConnections(7));

        assertThat(listenerSection(files, 18884)).contains("max_connections 7");
        assertThat(listenerSection(files, 18883)).noneMatch(line -> line.startsWith("max_connections"));
    }

    @Test
    void enrollment_listener_cap_defaults_to_embedded_modes_total() throws Exception {
        assertThat(listenerSection(givenFiles(SETTINGS), 18884))
                .contains("max_connections " + MosquittoSettings.DEFAULT_MAX_ENROLL_CONNECTIONS);
    }

    @Test
    void each_listener_has_its_own_settings() throws Exception {
        assertThat(configLines(givenFiles(SETTINGS))).contains("per_listener_settings true", "persistence false");
    }

    @Test
    void process_user_is_written_when_set() throws Exception {
        assertThat(configLines(givenFiles(SETTINGS.withProcessUser("root")))).contains("user root");
    }

    @Test
    void trusted_cas_are_written_in_order() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);

        assertThat(Files.readString(files.folder().resolve(MosquittoFiles.CA_FILE)))
                .containsSubsequence(base64(pki.trusted().get(0).getEncoded()).substring(0, 60),
                        base64(pki.trusted().get(1).getEncoded()).substring(0, 60));
    }

    @Test
    void replaced_crl_holds_the_new_crl() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);
        byte[] newer = pki.crl(pki.client("dev-1"));

        files.replaceCrl(newer);

        assertThat(Files.readString(files.crlFile()).replace("\n", "")).contains(base64(newer));
    }

    @Test
    void crl_installer_reloads_after_the_new_file_is_in_place() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);
        byte[] newer = pki.crl(pki.client("dev-2"));
        List<String> seenAtReload = new ArrayList<>();

        files.crlInstaller(() -> seenAtReload.add(read(files.crlFile()))).install(newer);

        assertThat(seenAtReload).singleElement().satisfies(crl -> assertThat(crl.replace("\n", "")).contains(base64(newer)));
    }

    @Test
    void failed_reload_is_reported_as_reload_failed() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);
        byte[] newer = pki.crl();

        assertThatThrownBy(() -> files.crlInstaller(() -> {
            throw new IllegalStateException("no such process");
        }).install(newer))
                .isInstanceOf(ExternalBrokerException.class)
                .extracting(e -> ((ExternalBrokerException) e).failure()).isEqualTo(ExternalBrokerFailure.RELOAD_FAILED);
    }

    @Test
    void folder_with_whitespace_is_refused() {
        assertThatThrownBy(() -> MosquittoFiles.write(folder.resolve("my broker"), SETTINGS, server, pki.trusted(), pki.crl()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("folder path");
    }

    @Test
    void server_credential_text_never_shows_the_key() {
        assertThat(server.toString()).doesNotContain(base64(server.key().getEncoded()).substring(0, 20)).contains("gw1-broker");
    }

    @Test
    void device_listener_alone_loads_the_dynamic_security_plugin_with_the_gateways_state_file() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);
        Path plugin = givenPlugin();

        assertThat(listenerSection(files, 18883)).containsSubsequence("crlfile " + files.crlFile(), "plugin " + plugin,
                "plugin_opt_config_file " + files.folder().resolve(MosquittoFiles.DYNAMIC_SECURITY));
        assertThat(listenerSection(files, 18884)).noneMatch(line -> line.startsWith("plugin"));
    }

    @Test
    void dynamic_security_state_grants_nothing() throws Exception {
        MosquittoFiles files = givenFiles(SETTINGS);

        com.fasterxml.jackson.databind.JsonNode state = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(files.folder().resolve(MosquittoFiles.DYNAMIC_SECURITY).toFile());
        assertThat(state.get("defaultACLAccess").properties()).hasSize(4)
                .allSatisfy(access -> assertThat(access.getValue().asBoolean(true)).as(access.getKey()).isFalse());
        assertThat(List.of("clients", "groups", "roles")).allSatisfy(kind -> assertThat(state.get(kind)).as(kind).isEmpty());
    }

    @Test
    void missing_dynamic_security_plugin_is_refused_with_how_to_install_it() {
        MosquittoSettings settings = SETTINGS.withDynamicSecurityPlugin(folder.resolve("nowhere/mosquitto_dynamic_security.so"));

        assertThatThrownBy(() -> MosquittoFiles.write(folder.resolve("mosquitto"), settings, server, pki.trusted(), pki.crl()))
                .isInstanceOfSatisfying(ExternalBrokerException.class,
                        e -> assertThat(e.failure()).isEqualTo(ExternalBrokerFailure.DYNAMIC_SECURITY_MISSING))
                .hasMessageContaining("apt-get install mosquitto");
    }

    @Test
    void dynamic_security_plugin_path_with_whitespace_is_refused() {
        MosquittoSettings settings = SETTINGS.withDynamicSecurityPlugin(Path.of("/opt/my plugins/dynsec.so"));

        assertThatThrownBy(() -> MosquittoFiles.write(folder.resolve("mosquitto"), settings, server, pki.trusted(), pki.crl()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("plugin path");
    }

    /**
     * Files written with the dynamic-security plugin at {@link #givenPlugin()}: these tests read the files
     * only, so they do not need Mosquitto's plugin installed.
     */
    private MosquittoFiles givenFiles(MosquittoSettings settings) throws Exception {
        return MosquittoFiles.write(folder.resolve("mosquitto"), settings.withDynamicSecurityPlugin(givenPlugin()), server,
                pki.trusted(), pki.crl());
    }

    /** An empty stand-in for the plugin file, which {@link MosquittoFiles#write} only checks exists. */
    private Path givenPlugin() throws Exception {
        Path plugin = folder.resolve("lib").resolve(DynamicSecurityPlugin.FILE_NAME);
        Files.createDirectories(plugin.getParent());
        if (!Files.exists(plugin)) {
            Files.createFile(plugin);
        }
        return plugin;
    }

    private static List<String> configLines(MosquittoFiles files) throws Exception {
        return Files.readAllLines(files.configFile()).stream().map(String::strip).toList();
    }

    /** The lines of the listener on {@code port}, up to the next listener. */
    private static List<String> listenerSection(MosquittoFiles files, int port) throws Exception {
        List<String> lines = configLines(files);
        int start = lines.indexOf("listener " + port + " 127.0.0.1");
        assertThat(start).as("listener on port " + port).isNotNegative();
        return lines.subList(start + 1, lines.size()).stream().takeWhile(line -> !line.startsWith("listener ")).toList();
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String base64(byte[] der) {
        return Base64.getEncoder().encodeToString(der);
    }
}
