package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.pki.Certificates;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything Mosquitto 2.0 needs, in one folder, to enforce the gateway's policy: its
 * configuration, the trusted CAs, its server certificate and key, the CRL and one ACL file per
 * listener. See {@link MosquittoSettings} for why there are two listeners.
 */
public final class MosquittoFiles {
    public static final String CONFIG = "mosquitto.conf";
    public static final String CA_FILE = "ca.pem";
    public static final String CERT_FILE = "server.pem";
    public static final String KEY_FILE = "server.key";
    public static final String CRL_FILE = "crl.pem";
    public static final String DEVICE_ACL = "acl-device.conf";
    public static final String ENROLL_ACL = "acl-enroll.conf";
    /** The dynamic-security plugin's state; Mosquitto rewrites it on every change, so the folder must be writable to it. */
    public static final String DYNAMIC_SECURITY = "dynamic-security.json";
    /**
     * What the plugin starts from: no clients, roles or groups, and every default access denied. Its
     * grants add to the ACL file's (docs/decisions/0022), so it must grant nothing; a cut-off creates and
     * deletes a client in one message and leaves nothing behind.
     */
    static final String DYNAMIC_SECURITY_STATE = """
            {
              "defaultACLAccess": {
                "publishClientSend": false,
                "publishClientReceive": false,
                "subscribe": false,
                "unsubscribe": false
              },
              "clients": [],
              "groups": [],
              "roles": []
            }
            """;

    /** ECDHE with AES-GCM only, for TLS 1.2; TLS 1.3 suites are all AEAD already. */
    static final String TLS12_CIPHERS = "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
            + "ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES256-GCM-SHA384";
    /** Mosquitto's parser splits on whitespace and treats '#' as a comment. */
    private static final Pattern SAFE_PATH = Pattern.compile("/[A-Za-z0-9._/@+=,-]*");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final Path folder;

    private MosquittoFiles(Path folder) {
        this.folder = folder;
    }

    /**
     * Writes every file into {@code folder} (created if missing), replacing earlier versions.
     *
     * @param trustedCas the gateway CA and the fleet root, which client certificates must chain to
     * @param crlDer     the gateway CA's current CRL; Mosquitto refuses every client certificate without one
     */
    public static MosquittoFiles write(Path folder, MosquittoSettings settings, ServerCredential server,
            List<X509Certificate> trustedCas, byte[] crlDer) throws ExternalBrokerException {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(trustedCas, "trustedCas");
        Objects.requireNonNull(crlDer, "crlDer");
        if (trustedCas.isEmpty()) {
            throw new IllegalArgumentException("trustedCas must hold at least the gateway CA");
        }
        Path absolute = folder.toAbsolutePath().normalize();
        if (!SAFE_PATH.matcher(absolute.toString()).matches()) {
            throw new IllegalArgumentException("folder path must not hold whitespace, '#' or quotes: " + absolute);
        }
        Path plugin = settings.dynamicSecurityPlugin();
        if (!SAFE_PATH.matcher(plugin.toString()).matches()) {
            throw new IllegalArgumentException("dynamic-security plugin path must not hold whitespace, '#' or quotes: " + plugin);
        }
        // Mosquitto would refuse to start; saying so here names the fix instead of leaving the gateway waiting.
        if (!Files.isRegularFile(plugin)) {
            throw new ExternalBrokerException(ExternalBrokerFailure.DYNAMIC_SECURITY_MISSING, "Mosquitto's dynamic-security plugin,"
                    + " which disconnects revoked devices, is not at " + plugin + ": " + DynamicSecurityPlugin.INSTALL_HINT);
        }
        MosquittoFiles files = new MosquittoFiles(absolute);
        try {
            Files.createDirectories(absolute);
            files.replace(CA_FILE, pem(trustedCas), false);
            files.replace(CERT_FILE, pem(server.chain()), false);
            files.replace(KEY_FILE, Certificates.pem("PRIVATE KEY", server.key().getEncoded()), true);
            files.replace(DEVICE_ACL, MosquittoAcl.deviceListener(settings.gatewayId()), false);
            files.replace(ENROLL_ACL, MosquittoAcl.enrollListener(), false);
            files.replace(CRL_FILE, crlPem(crlDer), false);
            files.replace(DYNAMIC_SECURITY, DYNAMIC_SECURITY_STATE, false);
            files.replace(CONFIG, files.config(settings), false);
        } catch (IOException e) {
            throw new ExternalBrokerException(ExternalBrokerFailure.FILES_UNWRITABLE,
                    "cannot write the Mosquitto files into " + absolute + ": " + e.getMessage(), e);
        }
        return files;
    }

    public Path folder() {
        return folder;
    }

    public Path configFile() {
        return folder.resolve(CONFIG);
    }

    public Path crlFile() {
        return folder.resolve(CRL_FILE);
    }

    /**
     * Swaps in a new CRL atomically, so a reload never reads half a file. Mosquitto reads it only
     * at start and on SIGHUP: follow with the reload action (see {@link #crlInstaller(Runnable)}).
     */
    public void replaceCrl(byte[] crlDer) throws ExternalBrokerException {
        try {
            replace(CRL_FILE, crlPem(crlDer), false);
        } catch (IOException e) {
            throw new ExternalBrokerException(ExternalBrokerFailure.FILES_UNWRITABLE,
                    "cannot replace " + crlFile() + ": " + e.getMessage(), e);
        }
    }

    /** Replaces the CRL file, then runs {@code reload} (e.g. SIGHUP to Mosquitto's PID) so new handshakes check it. */
    public CrlInstaller crlInstaller(Runnable reload) {
        Objects.requireNonNull(reload, "reload");
        return crlDer -> {
            replaceCrl(crlDer);
            try {
                reload.run();
            } catch (RuntimeException e) {
                throw new ExternalBrokerException(ExternalBrokerFailure.RELOAD_FAILED,
                        "the CRL was written but Mosquitto could not be told to reload: " + e.getMessage(), e);
            }
        };
    }

    private String config(MosquittoSettings settings) {
        StringBuilder conf = new StringBuilder();
        conf.append("# Written by the Edge Provisioner gateway; edits are overwritten.\n");
        conf.append("per_listener_settings true\n");
        conf.append("persistence false\n");
        // The owner captures stderr; nothing is written outside this folder.
        conf.append("log_dest stderr\n");
        conf.append("log_type error\nlog_type warning\nlog_type notice\nlog_type information\n");
        conf.append("connection_messages true\n");
        conf.append("set_tcp_nodelay true\n");
        conf.append("max_inflight_messages ").append(settings.maxInflight()).append('\n');
        settings.processUser().ifPresent(user -> conf.append("user ").append(user).append('\n'));
        conf.append('\n');
        conf.append("# Devices with a certificate, and the gateway: mTLS, username = certificate CN.\n");
        conf.append("listener ").append(settings.devicePort()).append(' ').append(settings.bindAddress()).append('\n');
        conf.append("allow_anonymous false\n");
        conf.append("acl_file ").append(folder.resolve(DEVICE_ACL)).append('\n');
        tls(conf);
        conf.append("require_certificate true\n");
        conf.append("use_identity_as_username true\n");
        conf.append("crlfile ").append(crlFile()).append('\n');
        // Only here: it disconnects revoked certificate holders by CN; the gateway alone may command it (ACL).
        conf.append("plugin ").append(settings.dynamicSecurityPlugin()).append('\n');
        conf.append("plugin_opt_config_file ").append(folder.resolve(DYNAMIC_SECURITY)).append('\n');
        conf.append('\n');
        conf.append("# Devices without a certificate yet: attestation only, as their own client id.\n");
        conf.append("listener ").append(settings.enrollPort()).append(' ').append(settings.bindAddress()).append('\n');
        // Per listener and in total only: Mosquitto has no per-source cap. Read at start, not on SIGHUP.
        conf.append("max_connections ").append(settings.maxEnrollConnections()).append('\n');
        conf.append("allow_anonymous true\n");
        conf.append("acl_file ").append(folder.resolve(ENROLL_ACL)).append('\n');
        tls(conf);
        conf.append("require_certificate false\n");
        return conf.toString();
    }

    private void tls(StringBuilder conf) {
        conf.append("cafile ").append(folder.resolve(CA_FILE)).append('\n');
        conf.append("certfile ").append(folder.resolve(CERT_FILE)).append('\n');
        conf.append("keyfile ").append(folder.resolve(KEY_FILE)).append('\n');
        conf.append("tls_version tlsv1.2\n");
        conf.append("ciphers ").append(TLS12_CIPHERS).append('\n');
    }

    /** Writes beside the target, then renames over it, so readers see the old or the new file whole. */
    private void replace(String name, String content, boolean secret) throws IOException {
        Path target = folder.resolve(name);
        Path temporary = folder.resolve("." + name + ".tmp");
        Files.deleteIfExists(temporary);
        if (secret) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        }
        Files.writeString(temporary, content, StandardCharsets.US_ASCII);
        try {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static String pem(List<X509Certificate> certificates) throws ExternalBrokerException {
        StringBuilder pem = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            try {
                pem.append(Certificates.toPem(certificate));
            } catch (CertificateException e) {
                throw new ExternalBrokerException(ExternalBrokerFailure.CREDENTIAL_UNUSABLE,
                        "cannot encode " + certificate.getSubjectX500Principal() + " as PEM", e);
            }
        }
        return pem.toString();
    }

    private static String crlPem(byte[] crlDer) {
        if (crlDer.length == 0) {
            throw new IllegalArgumentException("crlDer must not be empty");
        }
        return Certificates.pem("X509 CRL", crlDer);
    }
}
