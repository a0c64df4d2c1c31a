package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our PKCS#12 files and OpenSSL 3's read each other with default settings (Debian package openssl). */
class Pkcs12OpensslIT {
    private static final String PASSPHRASE = "interop-Passphrase-9";

    private final TestCa testCa = new TestCa();
    /** An empty configuration keeps a site-wide openssl.cnf from changing the defaults under test. */
    private final ExternalTool openssl = new ExternalTool("openssl", "openssl", Map.of("OPENSSL_CONF", "/dev/null"));

    @TempDir
    Path dir;

    private Path givenPassphraseFile() throws Exception {
        return givenPassphraseFile(PASSPHRASE);
    }

    private Path givenPassphraseFile(String passphrase) throws Exception {
        Path file = dir.resolve("ca.pass");
        Files.writeString(file, passphrase + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        return file;
    }

    private Path givenOurStore(TestCa.Ca ca, Path passphraseFile) throws Exception {
        Path file = dir.resolve("ours.p12");
        Pkcs12CaKeyStore.write(file, ca.privateKey(), ca.chain(), PassphraseSource.fromFile(passphraseFile),
                Pkcs12WriteOptions.defaults().withKeyIterations(Pkcs12WriteOptions.MIN_ITERATIONS), testCa.bc);
        return file;
    }

    private Path writePem(String name, Object... objects) throws Exception {
        Path file = dir.resolve(name);
        try (JcaPEMWriter writer = new JcaPEMWriter(Files.newBufferedWriter(file))) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        }
        return file;
    }

    @Test
    void openssl_reads_our_file_with_its_defaults() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        Path store = givenOurStore(testCa.selfSignedRoot("Gateway CA"), passphraseFile);
        ExternalTool.Result result = openssl.run("pkcs12", "-in", store.toString(), "-noout", "-passin", "file:" + passphraseFile);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void openssl_reads_our_file_with_a_non_ascii_passphrase() throws Exception {
        Path passphraseFile = givenPassphraseFile("Grüße-€-Passphrase");
        Path store = givenOurStore(testCa.selfSignedRoot("Gateway CA"), passphraseFile);
        ExternalTool.Result result = openssl.run("pkcs12", "-in", store.toString(), "-noout", "-passin", "file:" + passphraseFile);
        assertThat(result.exitCode()).as(result.output()).isZero();
    }

    @Test
    void a_file_exported_by_openssl_with_a_non_ascii_passphrase_loads() throws Exception {
        Path passphraseFile = givenPassphraseFile("Grüße-€-Passphrase");
        TestCa.Ca root = testCa.selfSignedRoot("Root");
        TestCa.Ca ca = testCa.intermediateUnder(root, "Gateway CA");
        Path exported = givenOpensslExport(ca, root, passphraseFile);
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(exported, PassphraseSource.fromFile(passphraseFile), Optional.empty(), testCa.bc)) {
            assertThat(store.certificate()).isEqualTo(ca.certificate());
        }
    }

    @Test
    void openssl_sees_aes_256_pbkdf2_sha256_and_a_sha256_mac() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        Path store = givenOurStore(testCa.selfSignedRoot("Gateway CA"), passphraseFile);
        String info = openssl.runOk("pkcs12", "-in", store.toString(), "-noout", "-info", "-passin", "file:" + passphraseFile);
        assertThat(info).contains("MAC: sha256").contains("PBES2, PBKDF2, AES-256-CBC").contains("PRF hmacWithSHA256");
    }

    @Test
    void openssl_extracts_the_same_private_key() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        Path store = givenOurStore(ca, passphraseFile);
        openssl.runOk("pkcs12", "-in", store.toString(), "-nocerts", "-nodes",
                "-passin", "file:" + passphraseFile, "-out", dir.resolve("key.pem").toString());
        String derived = openssl.runOk("pkey", "-in", dir.resolve("key.pem").toString(), "-pubout");
        assertThat(derived).isEqualTo(pem(ca.keys().getPublic()));
    }

    @Test
    void openssl_refuses_our_file_with_a_wrong_passphrase() throws Exception {
        Path store = givenOurStore(testCa.selfSignedRoot("Gateway CA"), givenPassphraseFile());
        ExternalTool.Result result = openssl.run("pkcs12", "-in", store.toString(), "-noout", "-passin", "pass:wrong-one");
        assertThat(result.exitCode()).isNotZero();
    }

    /** A gateway CA under a root, exported by {@code openssl pkcs12 -export} with the name "gw". */
    private Path givenOpensslExport(TestCa.Ca ca, TestCa.Ca root, Path passphraseFile) throws Exception {
        Path key = writePem("ca.key", ca.privateKey());
        Path cert = writePem("ca.crt", ca.certificate());
        Path issuers = writePem("root.crt", root.certificate());
        Path exported = dir.resolve("openssl.p12");
        openssl.runOk("pkcs12", "-export", "-inkey", key.toString(), "-in", cert.toString(), "-certfile", issuers.toString(),
                "-name", "gw", "-passout", "file:" + passphraseFile, "-out", exported.toString());
        return exported;
    }

    @Test
    void a_file_exported_by_openssl_loads_with_its_chain_in_order() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        TestCa.Ca root = testCa.selfSignedRoot("Root");
        TestCa.Ca ca = testCa.intermediateUnder(root, "Gateway CA");
        Path exported = givenOpensslExport(ca, root, passphraseFile);
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(exported, PassphraseSource.fromFile(passphraseFile), Optional.empty(), testCa.bc)) {
            assertThat(store.certificateChain()).containsExactly(ca.certificate(), root.certificate());
        }
    }

    @Test
    void a_file_exported_by_openssl_keeps_its_name() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        TestCa.Ca root = testCa.selfSignedRoot("Root");
        Path exported = givenOpensslExport(testCa.intermediateUnder(root, "Gateway CA"), root, passphraseFile);
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(exported, PassphraseSource.fromFile(passphraseFile), Optional.empty(), testCa.bc)) {
            assertThat(store.alias()).isEqualTo("gw");
        }
    }

    @Test
    void a_file_exported_by_openssl_signs_verifiably() throws Exception {
        Path passphraseFile = givenPassphraseFile();
        TestCa.Ca root = testCa.selfSignedRoot("Root");
        Path exported = givenOpensslExport(testCa.intermediateUnder(root, "Gateway CA"), root, passphraseFile);
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(exported, PassphraseSource.fromFile(passphraseFile), Optional.empty(), testCa.bc)) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    private String pem(Object object) throws Exception {
        java.io.StringWriter text = new java.io.StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        return text.toString();
    }
}
