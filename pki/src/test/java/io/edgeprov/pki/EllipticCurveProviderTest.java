package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.InvalidKeyException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.Signature;
import java.security.interfaces.ECKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.NamedParameterSpec;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.crypto.KeyAgreement;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EllipticCurveProviderTest {
    /** Named-curve P-256 SubjectPublicKeyInfo; explicit curve parameters make it about three times longer. */
    private static final int NAMED_P256_SPKI_BYTES = 91;

    /** BouncyCastle alone (another CPU, or the native provider switched off), and native first. */
    static Stream<Provider> providers() {
        return Stream.of(EllipticCurveProvider.of(new BouncyCastleProvider()),
                EllipticCurveProvider.of(nativeCurves(), new BouncyCastleProvider()));
    }

    private static Provider nativeCurves() {
        return EllipticCurveProvider.nativeCurves().orElseThrow(() -> new AssertionError("the Amazon Corretto Crypto"
                + " Provider did not load; it ships native code for linux-x86_64 and linux-aarch_64 (glibc), and Maven"
                + " fetches it with pki's dependencies (docs/decisions/0013)"));
    }

    @Test
    void on_this_machine_the_native_provider_does_ecdsa_and_ecdh_and_bouncycastle_the_rest() {
        Provider provider = EllipticCurveProvider.of(nativeCurves(), new BouncyCastleProvider());

        assertThat(provider.getService("Signature", "SHA256WITHECDSA").getClassName()).startsWith("com.amazon.corretto");
        assertThat(provider.getService("KeyPairGenerator", "EC").getClassName()).startsWith("com.amazon.corretto");
        assertThat(provider.getService("KeyAgreement", "ECDH").getClassName()).startsWith("com.amazon.corretto");
        assertThat(provider.getService("KeyAgreement", "XDH").getClassName()).startsWith("org.bouncycastle");
        assertThat(((EllipticCurveProvider) provider).sources()).hasSize(2).first().asString()
                .startsWith("AmazonCorrettoCryptoProvider");
    }

    @ParameterizedTest
    @MethodSource("providers")
    void offers_ecdsa_key_pairs_and_agreements_and_nothing_else(Provider provider) {
        Set<String> types = provider.getServices().stream().map(Provider.Service::getType).collect(Collectors.toSet());
        Set<String> algorithms = provider.getServices().stream()
                .map(s -> s.getType() + "." + s.getAlgorithm().toUpperCase(java.util.Locale.ROOT)).collect(Collectors.toSet());

        assertThat(types).containsExactlyInAnyOrder("Signature", "KeyPairGenerator", "KeyAgreement");
        assertThat(algorithms).contains("Signature.SHA256WITHECDSA", "Signature.SHA384WITHECDSA", "KeyPairGenerator.EC",
                "KeyPairGenerator.XDH", "KeyAgreement.ECDH", "KeyAgreement.XDH");
        assertThat(algorithms).noneMatch(a -> a.startsWith("KeyFactory.") || a.startsWith("Cipher.") || a.contains("RSA"));
    }

    @ParameterizedTest
    @MethodSource("providers")
    void a_signature_made_through_it_verifies_with_the_jdk(Provider provider) throws Exception {
        KeyPair sunKey = KeyPairGenerator.getInstance("EC", "SunEC").genKeyPair();
        byte[] message = "renewal".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

        Signature ours = Signature.getInstance("SHA256withECDSA", provider);
        ours.initSign(sunKey.getPrivate());
        ours.update(message);
        byte[] signature = ours.sign();
        Signature jdk = Signature.getInstance("SHA256withECDSA", "SunEC");
        jdk.initVerify(sunKey.getPublic());
        jdk.update(message);

        assertThat(jdk.verify(signature)).isTrue();
    }

    @ParameterizedTest
    @MethodSource("providers")
    void p256_keys_made_through_it_name_their_curve_and_agree_with_the_jdk(Provider provider) throws Exception {
        KeyPair ours = keyPair("EC", new ECGenParameterSpec("secp256r1"), provider);

        assertThat(ours.getPublic().getEncoded()).hasSize(NAMED_P256_SPKI_BYTES);
        thenAgreesWithTheJdk("ECDH", ours, keyPair("EC", new ECGenParameterSpec("secp256r1"), sunEc()), provider);
    }

    @ParameterizedTest
    @MethodSource("providers")
    void x25519_agreement_through_it_matches_the_jdk(Provider provider) throws Exception {
        thenAgreesWithTheJdk("XDH", keyPair("XDH", NamedParameterSpec.X25519, provider),
                keyPair("XDH", NamedParameterSpec.X25519, sunEc()), provider);
    }

    private static Provider sunEc() {
        return java.security.Security.getProvider("SunEC");
    }

    private static KeyPair keyPair(String algorithm, java.security.spec.AlgorithmParameterSpec spec, Provider provider)
            throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance(algorithm, provider);
        generator.initialize(spec);
        return generator.generateKeyPair();
    }

    /** Our side's secret through {@code provider} equals the JDK's side's secret through SunEC. */
    private static void thenAgreesWithTheJdk(String agreement, KeyPair ours, KeyPair theirs, Provider provider)
            throws Exception {
        KeyAgreement mine = KeyAgreement.getInstance(agreement, provider);
        mine.init(ours.getPrivate());
        mine.doPhase(theirs.getPublic(), true);
        KeyAgreement jdk = KeyAgreement.getInstance(agreement, sunEc());
        jdk.init(theirs.getPrivate());
        jdk.doPhase(ours.getPublic(), true);

        assertThat(mine.generateSecret()).isEqualTo(jdk.generateSecret());
    }

    @ParameterizedTest
    @MethodSource("providers")
    void a_key_it_cannot_read_is_refused_so_jca_moves_on_to_the_next_provider(Provider provider) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", "SunEC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        ECParameterSpec params = ((ECKey) generator.generateKeyPair().getPublic()).getParams();
        Signature signature = Signature.getInstance("SHA256withECDSA", provider);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> signature.initSign(new HardwareKey(params)))
                .isInstanceOf(InvalidKeyException.class);
    }

    @Test
    void installing_twice_puts_one_provider_first() {
        Provider first = EllipticCurveProvider.installFirst();
        Provider second = EllipticCurveProvider.installFirst();

        assertThat(second).isSameAs(first);
        assertThat(java.security.Security.getProviders()[0].getName()).isEqualTo(EllipticCurveProvider.NAME);
        assertThat(java.util.Arrays.stream(java.security.Security.getProviders())
                .filter(p -> p.getName().equals(EllipticCurveProvider.NAME))).hasSize(1);
    }
}
