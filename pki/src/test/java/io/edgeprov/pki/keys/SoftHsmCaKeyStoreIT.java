package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.AuthProvider;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** The PKCS#11 store against a real SoftHSM2 token (Debian package softhsm2). */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SoftHsmCaKeyStoreIT {
    private final TestCa testCa = new TestCa();
    private SoftHsmToken token;

    @BeforeAll
    void given_a_fresh_token() throws Exception {
        token = SoftHsmToken.create();
    }

    @AfterAll
    void delete_the_token() throws Exception {
        if (token != null) {
            token.delete();
        }
    }

    /** A self-signed CA certificate for a key just generated on the token, signed by that key. */
    private static CaCertifier selfSigned(String commonName) {
        return (publicKey, signer) -> List.of(TestCa.certificate(commonName, commonName, publicKey, signer));
    }

    private Pkcs11CaKeyStore givenGeneratedKey(String alias) throws CaKeyStoreException {
        return Pkcs11CaKeyStore.generate(token.config(alias), token.pin(), selfSigned("Gateway CA " + alias));
    }

    private static void logOutBehindTheStoresBack(Pkcs11CaKeyStore store) throws Exception {
        ((AuthProvider) ((SunPkcs11Sessions.Session) store.currentSession()).provider()).logout();
    }

    @Test
    void a_key_generated_on_the_token_signs_what_its_certificate_verifies() throws Exception {
        givenGeneratedKey("gen-sign").close();
        try (Pkcs11CaKeyStore store = Pkcs11CaKeyStore.open(token.config("gen-sign"), token.pin())) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void the_generated_key_is_a_token_object_that_cannot_be_extracted() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("gen-sensitive")) {
            PrivateKey key = ((SunPkcs11Sessions.Session) store.currentSession()).key();
            assertThat(key.getEncoded()).isNull();
            assertThat(key.toString()).contains("token object").contains("sensitive").contains("unextractable");
        }
    }

    @Test
    void the_generated_key_is_ecdsa_p256() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("gen-p256")) {
            assertThat(SignatureAlgorithms.forKey(store.publicKey())).isEqualTo("SHA256withECDSA");
            assertThat(((java.security.interfaces.ECPublicKey) store.publicKey()).getParams().getCurve().getField().getFieldSize())
                    .isEqualTo(256);
        }
    }

    @Test
    void signing_survives_a_logout_behind_the_stores_back() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("relogin")) {
            logOutBehindTheStoresBack(store);
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void the_pin_is_read_again_for_a_re_login_instead_of_being_kept() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        PassphraseSource counting = new PassphraseSource() {
            @Override
            public Passphrase read() throws CaKeyStoreException {
                reads.incrementAndGet();
                return token.pin().read();
            }

            @Override
            public String description() {
                return "counted PIN";
            }
        };
        givenGeneratedKey("pin-reread").close();
        try (Pkcs11CaKeyStore store = Pkcs11CaKeyStore.open(token.config("pin-reread"), counting)) {
            int readsToOpen = reads.get();
            logOutBehindTheStoresBack(store);
            testCa.signsVerifiably(store);
            assertThat(reads.get()).isEqualTo(readsToOpen + 1);
        }
    }

    @Test
    void signing_survives_two_logouts_in_a_row() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("relogin-twice")) {
            logOutBehindTheStoresBack(store);
            testCa.signsVerifiably(store);
            logOutBehindTheStoresBack(store);
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void concurrent_signers_all_succeed_after_a_logout() throws Exception {
        int threads = 4;
        try (Pkcs11CaKeyStore store = givenGeneratedKey("concurrent")) {
            logOutBehindTheStoresBack(store);
            ExecutorService executor = Executors.newFixedThreadPool(threads);
            try {
                CountDownLatch start = new CountDownLatch(1);
                List<Future<Boolean>> results = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    results.add(executor.submit(() -> {
                        start.await();
                        return testCa.signsVerifiably(store);
                    }));
                }
                start.countDown();
                for (Future<Boolean> result : results) {
                    assertThat(result.get(30, TimeUnit.SECONDS)).isTrue();
                }
            } finally {
                executor.shutdownNow();
                assertThat(executor.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
            }
        }
    }

    /**
     * The token key's real certificate, issued by a software root, as the fleet root would. Each
     * test names its root apart: SunPKCS11 rebuilds chains by issuer name across the whole token.
     */
    private List<X509Certificate> givenRootSignedChainFor(Pkcs11CaKeyStore placeholder, TestCa.Ca root) {
        String rootName = root.certificate().getSubjectX500Principal().getName();
        return List.of(TestCa.certificate(rootName, "Gateway CA issued", placeholder.publicKey(),
                testCa.signerFor(root.privateKey())), root.certificate());
    }

    @Test
    void an_issued_chain_replaces_the_placeholder() throws Exception {
        TestCa.Ca root = testCa.selfSignedRoot("Root for issued");
        List<X509Certificate> issued;
        try (Pkcs11CaKeyStore placeholder = givenGeneratedKey("issued")) {
            issued = givenRootSignedChainFor(placeholder, root);
        }
        try (Pkcs11CaKeyStore store = Pkcs11CaKeyStore.installCertificateChain(token.config("issued"), token.pin(), issued)) {
            assertThat(store.certificateChain()).containsExactlyElementsOf(issued);
        }
    }

    @Test
    void the_key_still_signs_after_its_chain_is_replaced() throws Exception {
        TestCa.Ca root = testCa.selfSignedRoot("Root for issued-signs");
        List<X509Certificate> issued;
        try (Pkcs11CaKeyStore placeholder = givenGeneratedKey("issued-signs")) {
            issued = givenRootSignedChainFor(placeholder, root);
        }
        Pkcs11CaKeyStore.installCertificateChain(token.config("issued-signs"), token.pin(), issued).close();
        try (Pkcs11CaKeyStore store = Pkcs11CaKeyStore.open(token.config("issued-signs"), token.pin())) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void a_chain_for_another_key_is_not_installed() throws Exception {
        givenGeneratedKey("guarded").close();
        TestCa.Ca stranger = testCa.selfSignedRoot("Stranger");
        assertThatThrownBy(() -> Pkcs11CaKeyStore.installCertificateChain(token.config("guarded"), token.pin(), stranger.chain()))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.CHAIN_KEY_MISMATCH));
    }

    @Test
    void generating_over_an_existing_alias_is_refused() throws Exception {
        givenGeneratedKey("taken").close();
        assertThatThrownBy(() -> givenGeneratedKey("taken"))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.KEY_GENERATION_FAILED))
                .hasMessageContaining("refusing to overwrite");
    }

    @Test
    void an_unknown_alias_is_refused_listing_what_the_token_holds() throws Exception {
        givenGeneratedKey("known").close();
        assertThatThrownBy(() -> Pkcs11CaKeyStore.open(token.config("unknown"), token.pin()))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.NO_KEY_ENTRY))
                .hasMessageContaining("known");
    }

    @Test
    void a_wrong_pin_is_refused_without_echoing_any_pin() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("wrong-pin")) {
            // The login belongs to the whole process: log out first, or any PIN would pass.
            logOutBehindTheStoresBack(store);
        }
        String wrong = "999999999";
        assertThatThrownBy(() -> Pkcs11CaKeyStore.open(token.config("wrong-pin"), PassphraseSource.ofChars(wrong.toCharArray())))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.LOGIN_FAILED))
                .hasMessageNotContaining(wrong)
                .hasMessageNotContaining(token.pinText());
    }

    @Test
    void a_slot_without_a_token_is_refused_as_unavailable() {
        Pkcs11Config absent = new Pkcs11Config(Pkcs11Config.SOFTHSM2_LIBRARY, new Pkcs11Config.Slot(token.slot() ^ 0x5a5a5a5aL), "ca");
        assertThatThrownBy(() -> Pkcs11CaKeyStore.open(absent, token.pin()))
                .isInstanceOfSatisfying(CaKeyStoreException.class,
                        e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.TOKEN_UNAVAILABLE));
    }

    @Test
    void description_names_slot_alias_and_subject_but_not_the_pin() throws Exception {
        try (Pkcs11CaKeyStore store = givenGeneratedKey("described")) {
            assertThat(store.description())
                    .contains("slot " + token.slot()).contains("'described'").contains("CN=Gateway CA described")
                    .doesNotContain(token.pinText());
        }
    }
}
