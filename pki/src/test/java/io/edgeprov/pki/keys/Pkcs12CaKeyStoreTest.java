package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pkcs12CaKeyStoreTest {
    private static final String PASSPHRASE = "Tr0ub4dor&3-for-the-ca";
    /** Tests use the floor iteration count: 600,000 rounds per file would make the suite crawl. */
    private static final Pkcs12WriteOptions FAST = Pkcs12WriteOptions.defaults().withKeyIterations(Pkcs12WriteOptions.MIN_ITERATIONS);

    private final TestCa testCa = new TestCa();

    @TempDir
    Path dir;

    private PassphraseSource passphrase() {
        return PassphraseSource.ofChars(PASSPHRASE.toCharArray());
    }

    private Path givenStoreWith(TestCa.Ca ca) throws CaKeyStoreException {
        Path file = dir.resolve("ca.p12");
        Pkcs12CaKeyStore.write(file, ca.privateKey(), ca.chain(), passphrase(), FAST, testCa.bc);
        return file;
    }

    private Pkcs12CaKeyStore load(Path file, PassphraseSource source) throws CaKeyStoreException {
        return Pkcs12CaKeyStore.load(file, source, Optional.empty(), testCa.bc);
    }

    /** A PKCS#12 file written by the JDK's own key store, which checks nothing about the entries. */
    private Path givenJdkStore(Map<String, KeyStore.Entry> entries) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        for (Map.Entry<String, KeyStore.Entry> entry : entries.entrySet()) {
            KeyStore.ProtectionParameter protection = entry.getValue() instanceof KeyStore.TrustedCertificateEntry
                    ? null : new KeyStore.PasswordProtection(PASSPHRASE.toCharArray());
            store.setEntry(entry.getKey(), entry.getValue(), protection);
        }
        Path file = dir.resolve("jdk.p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            store.store(out, PASSPHRASE.toCharArray());
        }
        return file;
    }

    private static KeyStore.PrivateKeyEntry entry(TestCa.Ca keyOwner, TestCa.Ca certificateOwner) {
        return new KeyStore.PrivateKeyEntry(keyOwner.privateKey(), certificateOwner.chain().toArray(new Certificate[0]));
    }

    private static CaKeyStoreFailure failureOf(Throwable thrown) {
        return ((CaKeyStoreException) thrown).failure();
    }

    @Test
    void round_trip_keeps_the_chain_in_order() throws Exception {
        TestCa.Ca ca = testCa.intermediateUnder(testCa.selfSignedRoot("Root"), "Gateway CA");
        try (Pkcs12CaKeyStore store = load(givenStoreWith(ca), passphrase())) {
            assertThat(store.certificateChain()).containsExactlyElementsOf(ca.chain());
        }
    }

    @Test
    void loaded_store_signs_what_the_ca_public_key_verifies() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        try (Pkcs12CaKeyStore store = load(givenStoreWith(ca), passphrase())) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void loaded_key_is_a_bouncycastle_key() throws Exception {
        Path file = givenStoreWith(testCa.selfSignedRoot("Gateway CA"));
        try (Passphrase secret = passphrase().read()) {
            assertThat(new Pkcs12Reader(testCa.bc).read(file, secret, Optional.empty()).key()).isInstanceOf(BCECPrivateKey.class);
        }
    }

    @Test
    void loaded_store_keeps_the_alias() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        Path file = dir.resolve("named.p12");
        Pkcs12CaKeyStore.write(file, ca.privateKey(), ca.chain(), passphrase(), FAST.withAlias("gw-7"), testCa.bc);
        try (Pkcs12CaKeyStore store = load(file, passphrase())) {
            assertThat(store.alias()).isEqualTo("gw-7");
        }
    }

    @Test
    void written_file_is_readable_by_its_owner_only() throws Exception {
        Path file = givenStoreWith(testCa.selfSignedRoot("Gateway CA"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void rewriting_replaces_the_file_and_leaves_no_temporary_file() throws Exception {
        givenStoreWith(testCa.selfSignedRoot("Old CA"));
        TestCa.Ca replacement = testCa.selfSignedRoot("New CA");
        Path file = givenStoreWith(replacement);
        try (var listing = Files.list(dir); Pkcs12CaKeyStore store = load(file, passphrase())) {
            assertThat(listing).containsExactly(file);
            assertThat(store.certificate()).isEqualTo(replacement.certificate());
        }
    }

    @Test
    void writing_refuses_a_chain_that_is_not_the_keys() {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        TestCa.Ca other = testCa.selfSignedRoot("Other CA");
        assertThatThrownBy(() -> Pkcs12CaKeyStore.write(dir.resolve("bad.p12"), ca.privateKey(), other.chain(), passphrase(), FAST, testCa.bc))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.CHAIN_KEY_MISMATCH));
        assertThat(dir.resolve("bad.p12")).doesNotExist();
    }

    @Test
    void wrong_passphrase_is_refused_without_echoing_either_passphrase() throws Exception {
        Path file = givenStoreWith(testCa.selfSignedRoot("Gateway CA"));
        String wrong = "not-the-passphrase-42";
        assertThatThrownBy(() -> load(file, PassphraseSource.ofChars(wrong.toCharArray())))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.WRONG_PASSPHRASE))
                .hasMessageContaining("wrong passphrase")
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(PASSPHRASE);
    }

    @Test
    void missing_file_is_refused_naming_the_file() {
        Path file = dir.resolve("absent.p12");
        assertThatThrownBy(() -> load(file, passphrase()))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.STORE_FILE_MISSING))
                .hasMessageContaining(file.toString());
    }

    @Test
    void a_file_that_is_not_pkcs12_is_refused_as_malformed() throws Exception {
        Path file = dir.resolve("garbage.p12");
        Files.writeString(file, "-----BEGIN NONSENSE-----\n");
        assertThatThrownBy(() -> load(file, passphrase()))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.STORE_MALFORMED));
    }

    @Test
    void a_file_without_a_key_entry_is_refused() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        Path file = givenJdkStore(Map.of("trusted", new KeyStore.TrustedCertificateEntry(ca.certificate())));
        assertThatThrownBy(() -> load(file, passphrase()))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.NO_KEY_ENTRY))
                .hasMessageContaining("no private key");
    }

    @Test
    void a_chain_whose_first_certificate_is_not_the_keys_is_refused_on_load() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        TestCa.Ca other = testCa.selfSignedRoot("Other CA");
        Path file = givenJdkStore(Map.of("ca", entry(ca, other)));
        assertThatThrownBy(() -> load(file, passphrase()))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.CHAIN_KEY_MISMATCH))
                .hasMessageContaining("CN=Other CA");
    }

    @Test
    void a_file_written_by_the_jdk_loads() throws Exception {
        TestCa.Ca ca = testCa.intermediateUnder(testCa.selfSignedRoot("Root"), "Gateway CA");
        try (Pkcs12CaKeyStore store = load(givenJdkStore(Map.of("ca", entry(ca, ca))), passphrase())) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void several_keys_without_an_alias_are_refused_naming_the_aliases() throws Exception {
        TestCa.Ca first = testCa.selfSignedRoot("First CA");
        TestCa.Ca second = testCa.selfSignedRoot("Second CA");
        Path file = givenJdkStore(Map.of("first", entry(first, first), "second", entry(second, second)));
        assertThatThrownBy(() -> load(file, passphrase()))
                .satisfies(e -> assertThat(failureOf(e)).isEqualTo(CaKeyStoreFailure.AMBIGUOUS_KEY_ENTRY))
                .hasMessageContaining("'first'").hasMessageContaining("'second'");
    }

    @Test
    void an_alias_picks_one_of_several_keys() throws Exception {
        TestCa.Ca first = testCa.selfSignedRoot("First CA");
        TestCa.Ca second = testCa.selfSignedRoot("Second CA");
        Path file = givenJdkStore(Map.of("first", entry(first, first), "second", entry(second, second)));
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(file, passphrase(), Optional.of("second"), testCa.bc)) {
            assertThat(store.certificate()).isEqualTo(second.certificate());
        }
    }

    @Test
    void passphrase_from_an_environment_variable_opens_the_store() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        PassphraseSource fromEnvironment = PassphraseSource.fromEnvironment("EDGEPROV_CA_PASSPHRASE",
                Map.of("EDGEPROV_CA_PASSPHRASE", PASSPHRASE)::get);
        try (Pkcs12CaKeyStore store = load(givenStoreWith(ca), fromEnvironment)) {
            assertThat(store.certificate()).isEqualTo(ca.certificate());
        }
    }

    @Test
    void description_and_to_string_name_file_and_subject_but_no_secret() throws Exception {
        Path file = givenStoreWith(testCa.selfSignedRoot("Gateway CA"));
        try (Pkcs12CaKeyStore store = load(file, passphrase())) {
            assertThat(store.description()).contains(file.toString()).contains("CN=Gateway CA").doesNotContain(PASSPHRASE);
            assertThat(store.toString()).doesNotContain(PASSPHRASE);
        }
    }

    @Test
    void a_non_bouncycastle_provider_is_refused() {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        assertThatThrownBy(() -> Pkcs12CaKeyStore.write(dir.resolve("x.p12"), ca.privateKey(), ca.chain(), passphrase(), FAST,
                java.security.Security.getProvider("SunEC")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("BouncyCastle");
    }

    @Test
    void write_options_refuse_a_weak_iteration_count() {
        assertThatThrownBy(() -> Pkcs12WriteOptions.defaults().withKeyIterations(1000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("keyIterations");
    }

    @Test
    void loaded_chain_cannot_be_modified() throws Exception {
        TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");
        try (Pkcs12CaKeyStore store = load(givenStoreWith(ca), passphrase())) {
            List<java.security.cert.X509Certificate> chain = store.certificateChain();
            assertThatThrownBy(() -> chain.add(ca.certificate())).isInstanceOf(UnsupportedOperationException.class);
        }
    }
}
