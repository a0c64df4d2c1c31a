package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.registry.GivenRecords;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A gateway folder made by the real {@code init} command, and devices with certificates from its CA. */
public final class GivenGateway {
    public static final String ORG = "Acme Devices";
    public static final String TRUST_DOMAIN = "fleet.acme.test";
    public static final String GATEWAY_ID = "gw1";
    /** Fixed, test-only passphrases: what is under test is that they travel through mode-600 files. */
    private static final String ROOT_SECRET = "root passphrase for tests only";
    private static final String CA_SECRET = "gateway CA passphrase for tests only";

    /** A device's key and its certificate chain (leaf, gateway CA, root). */
    public record Device(String id, PrivateKey key, List<X509Certificate> chain) {
        public String serialHex() {
            return chain.get(0).getSerialNumber().toString(16);
        }

        @Override
        public String toString() {
            return "Device[" + id + ", serial " + serialHex() + "]";
        }
    }

    private GivenGateway() {
    }

    /** Runs {@code init} into {@code dir} with free ports and passphrase files; returns the gateway.yaml. */
    public static Path initialized(Path dir) throws IOException {
        CliRun.Outcome outcome = CliRun.run(initArguments(dir));
        assertThat(outcome.exit()).as("init output: %s", outcome.all()).isZero();
        return dir.resolve("gateway.yaml");
    }

    public static String[] initArguments(Path dir) throws IOException {
        return new String[] {"init", "--out", dir.toString(), "--fleet-org", ORG, "--trust-domain", TRUST_DOMAIN,
            "--gateway-id", GATEWAY_ID, "--root-passphrase-file", secretFile(dir.resolveSibling(dir.getFileName() + "-root.pass"),
                    ROOT_SECRET).toString(),
            "--ca-passphrase-file", caPassphraseFile(dir).toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0"};
    }

    public static Path caPassphraseFile(Path dir) throws IOException {
        return secretFile(dir.resolveSibling(dir.getFileName() + "-ca.pass"), CA_SECRET);
    }

    private static Path secretFile(Path file, String secret) throws IOException {
        if (!Files.exists(file)) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(file, secret + "\n", StandardCharsets.UTF_8);
        }
        return file;
    }

    /** The gateway CA store that init made, opened with its passphrase file. */
    public static Pkcs12CaKeyStore gatewayCa(Path dir) throws Exception {
        return Pkcs12CaKeyStore.load(dir.resolve("gateway-ca.p12"), PassphraseSource.fromFile(caPassphraseFile(dir)));
    }

    /**
     * Issues a device certificate from the gateway CA, as enrollment would. Takes an open store because
     * each PKCS#12 load runs the full key derivation (600,000 iterations): tests load it once per class.
     */
    public static Device deviceCertificate(CaKeyStore store, String deviceId) throws Exception {
        CertificateAuthority ca = CertificateAuthority.builder().keyStore(store)
                .profile(DeviceCertificateProfile.defaults(new FleetNaming(ORG, TRUST_DOMAIN), URI.create("http://gw1.fleet.acme.test/crl")))
                .build();
        KeyPair key = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), new SecureRandom());
        X509Certificate leaf = ca.issue(IssuanceRequest.of(deviceId, key.getPublic())).toX509();
        List<X509Certificate> chain = new java.util.ArrayList<>(List.of(leaf));
        chain.addAll(store.certificateChain());
        return new Device(deviceId, key.getPrivate(), chain);
    }

    /** Records the device and its certificate in a registry, with the audit entry issuance writes. */
    public static void recordIn(SqliteRegistry registry, Device device) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        X509Certificate leaf = device.chain().get(0);
        GivenRecords.issued(registry.commands(), new CertificateRecord(device.serialHex(), device.id(),
                leaf.getNotBefore().toInstant(), leaf.getNotAfter().toInstant(), encoded(leaf), now, Optional.empty()));
    }

    /** Opens the registry of an initialized gateway folder (the gateway must not be running), records, closes. */
    public static void recordIn(Path dir, Device device) throws Exception {
        Path data = dir.resolve("data");
        Files.createDirectories(data);
        ExecutorService completions = Executors.newSingleThreadExecutor();
        try (SqliteRegistry registry = SqliteRegistry.open(SqliteRegistryConfig.defaults(data.resolve("registry.db")),
                Clock.systemUTC(), completions)) {
            recordIn(registry, device);
        } finally {
            completions.shutdown();
        }
    }

    private static byte[] encoded(X509Certificate certificate) {
        try {
            return certificate.getEncoded();
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }
}
