package io.edgeprov.gateway.mqtt.embedded;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The private folder HiveMQ runs from, written from code: {@code conf/config.xml}, the PKCS#12
 * key and trust stores (fresh random passwords each start, only in config.xml), an in-memory
 * data folder, an empty extensions folder (so no stray extension is loaded), and folders for the
 * side effects HiveMQ and JNA would otherwise leave elsewhere.
 */
final class HiveMqFolders {
    /** TLS 1.3 suites, then TLS 1.2 ECDHE with AEAD only: no static RSA key exchange, no CBC. */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");
    private static final String LISTENER_NAME = "device-tls";
    static final int MAX_PACKET_SIZE = 256 * 1024;

    private final Path root;

    private HiveMqFolders(Path root) {
        this.root = root;
    }

    /** Writes everything for {@code config}; the key store holds the broker's private key, so the folders are owner-only. */
    static HiveMqFolders write(BrokerConfig config, SecureRandom random) throws BrokerException {
        HiveMqFolders folders = new HiveMqFolders(config.workDirectory().toAbsolutePath().normalize());
        try {
            for (Path dir : List.of(folders.root, folders.conf(), folders.data(), folders.extensions(), folders.stores(),
                    folders.logs(), folders.jna())) {
                createPrivateDirectory(dir);
            }
            try (Stream<Path> stray = Files.list(folders.extensions())) {
                if (stray.findAny().isPresent()) {
                    throw new BrokerException(BrokerFailure.CONFIG_WRITE_FAILED,
                            "the extensions folder " + folders.extensions() + " must be empty: HiveMQ would load what is there");
                }
            }
            char[] keyPassword = password(random);
            char[] trustPassword = password(random);
            writeKeyStore(config, folders.keyStore(), keyPassword);
            writeTrustStore(config.gatewayCa(), folders.trustStore(), trustPassword);
            String xml = configXml(config, folders, keyPassword, trustPassword);
            writePrivateFile(folders.conf().resolve("config.xml"), xml.getBytes(StandardCharsets.UTF_8));
            return folders;
        } catch (IOException | GeneralSecurityException e) {
            throw new BrokerException(BrokerFailure.CONFIG_WRITE_FAILED,
                    "cannot write the broker configuration under " + folders.root + ": " + e.getClass().getSimpleName(), e);
        }
    }

    Path conf() {
        return root.resolve("conf");
    }

    Path data() {
        return root.resolve("data");
    }

    Path extensions() {
        return root.resolve("extensions");
    }

    Path logs() {
        return root.resolve("log");
    }

    Path jna() {
        return root.resolve("jna");
    }

    private Path stores() {
        return root.resolve("stores");
    }

    Path keyStore() {
        return stores().resolve("server.p12");
    }

    Path trustStore() {
        return stores().resolve("trust.p12");
    }

    /**
     * Removes what a broker killed without its stop left in {@code workDirectory}: the key store and the
     * config holding its password. Run first at every start, before anything that could fail, so they
     * do not outlive the next attempt; until then they sit owner-only in an owner-only folder.
     */
    static void removeLeftoverSecrets(Path workDirectory) throws IOException {
        HiveMqFolders folders = new HiveMqFolders(workDirectory.toAbsolutePath().normalize());
        if (Files.isDirectory(folders.root)) {
            restrictToOwner(folders.root, "rwx------");
            folders.deleteSecrets();
        }
    }

    /** Removes the key store and the config (which holds its password) once the broker is down. */
    void deleteSecrets() throws IOException {
        Files.deleteIfExists(keyStore());
        Files.deleteIfExists(conf().resolve("config.xml"));
    }

    static String configXml(BrokerConfig config, HiveMqFolders folders, char[] keyPassword, char[] trustPassword) {
        StringBuilder xml = new StringBuilder(2048);
        xml.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<hivemq>\n  <listeners>\n    <tls-tcp-listener>\n")
                .append("      <port>").append(config.port()).append("</port>\n")
                .append("      <bind-address>").append(escape(config.bindAddress())).append("</bind-address>\n")
                .append("      <name>").append(LISTENER_NAME).append("</name>\n")
                .append("      <tls>\n")
                .append("        <keystore>\n")
                .append("          <path>").append(escape(folders.keyStore().toString())).append("</path>\n")
                .append("          <password>").append(escape(new String(keyPassword))).append("</password>\n")
                .append("          <private-key-password>").append(escape(new String(keyPassword)))
                .append("</private-key-password>\n")
                .append("        </keystore>\n")
                .append("        <truststore>\n")
                .append("          <path>").append(escape(folders.trustStore().toString())).append("</path>\n")
                .append("          <password>").append(escape(new String(trustPassword))).append("</password>\n")
                .append("        </truststore>\n")
                .append("        <protocols>\n");
        for (String protocol : PROTOCOLS) {
            xml.append("          <protocol>").append(protocol).append("</protocol>\n");
        }
        xml.append("        </protocols>\n        <cipher-suites>\n");
        for (String suite : CIPHER_SUITES) {
            xml.append("          <cipher-suite>").append(suite).append("</cipher-suite>\n");
        }
        xml.append("        </cipher-suites>\n")
                .append("        <prefer-server-cipher-suites>true</prefer-server-cipher-suites>\n")
                .append("        <client-authentication-mode>OPTIONAL</client-authentication-mode>\n")
                .append("      </tls>\n    </tls-tcp-listener>\n  </listeners>\n")
                .append("  <mqtt>\n")
                .append("    <session-expiry><max-interval>3600</max-interval></session-expiry>\n")
                // Requests are a few KiB (EK certificate, CSR); HiveMQ's default would accept 256 MiB.
                .append("    <packets><max-packet-size>").append(MAX_PACKET_SIZE).append("</max-packet-size></packets>\n")
                .append("  </mqtt>\n")
                .append("  <security>\n")
                .append("    <allow-empty-client-id><enabled>false</enabled></allow-empty-client-id>\n")
                .append("  </security>\n")
                .append("  <anonymous-usage-statistics><enabled>false</enabled></anonymous-usage-statistics>\n")
                .append("  <persistence><mode>in-memory</mode></persistence>\n")
                .append("</hivemq>\n");
        return xml.toString();
    }

    private static void writeKeyStore(BrokerConfig config, Path path, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", config.serverKey(), password, config.serverChain().toArray(new X509Certificate[0]));
        store(store, path, password);
    }

    private static void writeTrustStore(X509Certificate gatewayCa, Path path, char[] password)
            throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("gateway-ca", gatewayCa);
        store(store, path, password);
    }

    private static void store(KeyStore store, Path path, char[] password) throws IOException, GeneralSecurityException {
        Files.deleteIfExists(path);
        try (OutputStream out = Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            store.store(out, password);
        }
        restrictToOwner(path, "rw-------");
    }

    private static void writePrivateFile(Path path, byte[] content) throws IOException {
        Files.deleteIfExists(path);
        Files.write(path, content, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        restrictToOwner(path, "rw-------");
    }

    private static void createPrivateDirectory(Path dir) throws IOException {
        Files.createDirectories(dir);
        restrictToOwner(dir, "rwx------");
    }

    private static void restrictToOwner(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private static char[] password(SecureRandom random) {
        byte[] bytes = new byte[24];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).toCharArray();
    }

    private static String escape(String text) {
        Objects.requireNonNull(text, "text");
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    @Override
    public String toString() {
        return "HiveMqFolders[" + root + "]";
    }
}
