package io.edgeprov.pki.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.GeneralSecurityException;
import java.security.ProviderException;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.bouncycastle.operator.RuntimeOperatorException;
import org.junit.jupiter.api.Test;

/** The retry logic of the PKCS#11 store, with sessions that break on cue instead of a token. */
class Pkcs11CaKeyStoreTest {
    private final TestCa testCa = new TestCa();
    private final TestCa.Ca ca = testCa.selfSignedRoot("Gateway CA");

    /** A session that signs with the CA's software key, or throws the failures queued for it first. */
    private final class ScriptedSession implements TokenSession {
        private final Deque<RuntimeException> failures = new ArrayDeque<>();
        int signatures;

        ScriptedSession failingWith(RuntimeException... queued) {
            failures.addAll(List.of(queued));
            return this;
        }

        @Override
        public byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException {
            RuntimeException failure = failures.poll();
            if (failure != null) {
                throw failure;
            }
            signatures++;
            Signature signature = Signature.getInstance(algorithm, testCa.bc);
            signature.initSign(ca.privateKey());
            signature.update(data);
            return signature.sign();
        }

        @Override
        public List<X509Certificate> chain() {
            return ca.chain();
        }
    }

    /** Hands out the first session, then the replacements in order, counting re-opens. */
    private static final class ScriptedFactory implements TokenSession.Factory {
        private final TokenSession first;
        private final Deque<TokenSession> replacements = new ArrayDeque<>();
        final AtomicInteger reopens = new AtomicInteger();

        ScriptedFactory(TokenSession first, TokenSession... replacements) {
            this.first = first;
            this.replacements.addAll(List.of(replacements));
        }

        @Override
        public TokenSession open() {
            return first;
        }

        @Override
        public TokenSession reopen(TokenSession broken) throws CaKeyStoreException {
            reopens.incrementAndGet();
            TokenSession next = replacements.poll();
            if (next == null) {
                throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE, "no token");
            }
            return next;
        }
    }

    private static ProviderException sessionBroken() {
        return new ProviderException("Initialization failed", new RuntimeException("CKR_SESSION_HANDLE_INVALID"));
    }

    private static ProviderException mechanismMissing() {
        return new ProviderException("Initialization failed", new RuntimeException("CKR_MECHANISM_INVALID"));
    }

    private Pkcs11CaKeyStore givenStore(ScriptedFactory factory) throws CaKeyStoreException {
        return new Pkcs11CaKeyStore("PKCS#11 test token", factory);
    }

    @Test
    void signs_with_the_open_session() throws Exception {
        try (Pkcs11CaKeyStore store = givenStore(new ScriptedFactory(new ScriptedSession()))) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void a_broken_session_is_reopened_and_the_signature_retried() throws Exception {
        ScriptedSession replacement = new ScriptedSession();
        ScriptedFactory factory = new ScriptedFactory(new ScriptedSession().failingWith(sessionBroken()), replacement);
        try (Pkcs11CaKeyStore store = givenStore(factory)) {
            assertThat(testCa.signsVerifiably(store)).isTrue();
            assertThat(replacement.signatures).isEqualTo(1);
        }
    }

    @Test
    void later_signatures_use_the_reopened_session() throws Exception {
        ScriptedSession replacement = new ScriptedSession();
        ScriptedFactory factory = new ScriptedFactory(new ScriptedSession().failingWith(sessionBroken()), replacement);
        try (Pkcs11CaKeyStore store = givenStore(factory)) {
            testCa.signsVerifiably(store);
            testCa.signsVerifiably(store);
            assertThat(replacement.signatures).isEqualTo(2);
        }
    }

    @Test
    void a_failure_that_is_not_about_the_session_is_not_retried() throws Exception {
        ScriptedFactory factory = new ScriptedFactory(new ScriptedSession().failingWith(mechanismMissing()), new ScriptedSession());
        try (Pkcs11CaKeyStore store = givenStore(factory)) {
            assertThatThrownBy(() -> testCa.signsVerifiably(store)).isInstanceOf(RuntimeOperatorException.class)
                    .hasRootCauseMessage("CKR_MECHANISM_INVALID");
            assertThat(factory.reopens).hasValue(0);
        }
    }

    @Test
    void a_session_that_breaks_again_after_reopening_fails_the_signature_once() throws Exception {
        ScriptedFactory factory = new ScriptedFactory(new ScriptedSession().failingWith(sessionBroken()),
                new ScriptedSession().failingWith(sessionBroken()), new ScriptedSession());
        try (Pkcs11CaKeyStore store = givenStore(factory)) {
            assertThatThrownBy(() -> testCa.signsVerifiably(store))
                    .isInstanceOf(RuntimeOperatorException.class)
                    .cause().isInstanceOfSatisfying(CaKeyStoreException.class,
                            e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.SIGNING_FAILED))
                    .hasMessageContaining("failed again after re-opening");
            assertThat(factory.reopens).hasValue(1);
        }
    }

    @Test
    void a_token_that_cannot_be_reopened_fails_the_signature_with_the_reason() throws Exception {
        ScriptedFactory factory = new ScriptedFactory(new ScriptedSession().failingWith(sessionBroken()));
        try (Pkcs11CaKeyStore store = givenStore(factory)) {
            assertThatThrownBy(() -> testCa.signsVerifiably(store))
                    .cause().isInstanceOfSatisfying(CaKeyStoreException.class,
                            e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.TOKEN_UNAVAILABLE));
        }
    }

    @Test
    void the_store_recovers_once_the_token_is_back() throws Exception {
        ScriptedSession back = new ScriptedSession();
        ScriptedSession broken = new ScriptedSession().failingWith(sessionBroken(), sessionBroken());
        Deque<Boolean> tokenPresentAtReopen = new ArrayDeque<>(List.of(false, true));
        TokenSession.Factory factory = new TokenSession.Factory() {
            @Override
            public TokenSession open() {
                return broken;
            }

            @Override
            public TokenSession reopen(TokenSession failed) throws CaKeyStoreException {
                if (!tokenPresentAtReopen.poll()) {
                    throw new CaKeyStoreException(CaKeyStoreFailure.TOKEN_UNAVAILABLE, "token absent");
                }
                return back;
            }
        };
        try (Pkcs11CaKeyStore store = new Pkcs11CaKeyStore("PKCS#11 test token", factory)) {
            assertThatThrownBy(() -> testCa.signsVerifiably(store)).isInstanceOf(RuntimeOperatorException.class);
            assertThat(testCa.signsVerifiably(store)).isTrue();
        }
    }

    @Test
    void a_closed_store_refuses_new_signers() throws Exception {
        Pkcs11CaKeyStore store = givenStore(new ScriptedFactory(new ScriptedSession()));
        store.close();
        assertThatThrownBy(store::newSigner).isInstanceOfSatisfying(CaKeyStoreException.class,
                e -> assertThat(e.failure()).isEqualTo(CaKeyStoreFailure.SIGNING_FAILED));
    }

    @Test
    void description_names_the_token_and_the_ca() throws Exception {
        try (Pkcs11CaKeyStore store = givenStore(new ScriptedFactory(new ScriptedSession()))) {
            assertThat(store.description()).isEqualTo("PKCS#11 test token for CN=Gateway CA");
        }
    }
}
