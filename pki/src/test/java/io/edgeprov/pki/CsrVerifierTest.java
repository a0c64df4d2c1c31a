package io.edgeprov.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.junit.jupiter.api.Test;

class CsrVerifierTest {
    private final CsrVerifier verifier = new CsrVerifier(DeviceCertificateProfile.DEFAULT_KEYS, TestFleet.BC);

    private static void assertRefused(CsrCheck check, CsrRefusal reason, String detail) {
        assertThat(check).isInstanceOfSatisfying(CsrCheck.Refused.class, refused -> {
            assertThat(refused.reason()).isEqualTo(reason);
            assertThat(refused.detail()).contains(detail);
        });
    }

    @Test
    void accepts_p256_p384_and_rsa_2048_requests() throws Exception {
        for (KeyAlgorithm algorithm : Set.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048)) {
            KeyPair key = TestFleet.deviceKey(algorithm);
            CsrCheck check = verifier.check(TestFleet.csr(key));
            assertThat(check).isInstanceOfSatisfying(CsrCheck.Accepted.class, accepted -> {
                assertThat(accepted.publicKey().getEncoded()).isEqualTo(key.getPublic().getEncoded());
                assertThat(accepted.keyAlgorithm()).isEqualTo(algorithm);
                assertThat(accepted.requestedSubject()).isEqualTo("CN=whatever-the-device-wants");
            });
        }
    }

    @Test
    void with_the_native_curves_for_signatures_it_accepts_and_refuses_exactly_as_with_bouncycastle() throws Exception {
        Provider curves = EllipticCurveProvider.of(EllipticCurveProvider.nativeCurves().orElseThrow(() -> new AssertionError(
                "the Amazon Corretto Crypto Provider did not load (docs/decisions/0013)")), TestFleet.BC);
        CsrVerifier fast = new CsrVerifier(DeviceCertificateProfile.DEFAULT_KEYS, TestFleet.BC, curves);
        for (KeyAlgorithm algorithm : Set.of(KeyAlgorithm.EC_P256, KeyAlgorithm.EC_P384, KeyAlgorithm.RSA_2048)) {
            KeyPair key = TestFleet.deviceKey(algorithm);
            byte[] csr = TestFleet.csr(key);
            byte[] tampered = csr.clone();
            tampered[tampered.length - 5] ^= 0x01;

            assertThat(fast.check(csr)).as(algorithm + ", RSA through the key provider").isInstanceOf(CsrCheck.Accepted.class);
            assertThat(fast.check(tampered)).as(algorithm.toString()).isInstanceOfSatisfying(CsrCheck.Refused.class,
                    refused -> assertThat(refused.reason()).isEqualTo(CsrRefusal.SIGNATURE_INVALID));
        }
    }

    @Test
    void refuses_an_empty_request() {
        assertRefused(verifier.check(new byte[0]), CsrRefusal.MALFORMED, "empty");
    }

    @Test
    void refuses_bytes_that_are_not_der() {
        assertRefused(verifier.check("hello, gateway".getBytes()), CsrRefusal.MALFORMED, "not valid DER");
    }

    @Test
    void refuses_trailing_bytes_after_the_request() throws Exception {
        byte[] csr = TestFleet.csr(TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        byte[] padded = Arrays.copyOf(csr, csr.length + 2);
        assertRefused(verifier.check(padded), CsrRefusal.MALFORMED, "not valid DER");
    }

    @Test
    void refuses_a_truncated_request() throws Exception {
        byte[] csr = TestFleet.csr(TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        assertRefused(verifier.check(Arrays.copyOf(csr, csr.length - 10)), CsrRefusal.MALFORMED, "not valid DER");
    }

    @Test
    void refuses_an_oversized_request_before_parsing() {
        assertRefused(verifier.check(new byte[CsrVerifier.MAX_CSR_BYTES + 1]), CsrRefusal.MALFORMED, "the limit is");
    }

    @Test
    void refuses_a_tampered_signature() throws Exception {
        byte[] csr = TestFleet.csr(TestFleet.deviceKey(KeyAlgorithm.EC_P256));
        csr[csr.length - 5] ^= 0x01;
        assertThat(verifier.check(csr)).isInstanceOfSatisfying(CsrCheck.Refused.class,
                refused -> assertThat(refused.reason()).isEqualTo(CsrRefusal.SIGNATURE_INVALID));
    }

    @Test
    void refuses_a_request_signed_by_another_key() throws Exception {
        KeyPair key = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        KeyPair other = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        byte[] csr = TestFleet.csr("CN=x", key.getPublic(), other, "SHA256withECDSA");
        assertRefused(verifier.check(csr), CsrRefusal.SIGNATURE_INVALID, "does not verify");
    }

    @Test
    void refuses_sha1_signatures() throws Exception {
        KeyPair key = TestFleet.deviceKey(KeyAlgorithm.EC_P256);
        assertRefused(verifier.check(TestFleet.csr("CN=x", key.getPublic(), key, "SHA1withECDSA")),
                CsrRefusal.SIGNATURE_ALGORITHM_NOT_ALLOWED, "1.2.840.10045.4.1");
    }

    @Test
    void refuses_a_curve_other_than_p256_or_p384() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", TestFleet.BC);
        generator.initialize(new ECGenParameterSpec("secp521r1"));
        KeyPair key = generator.generateKeyPair();
        assertRefused(verifier.check(TestFleet.csr("CN=x", key.getPublic(), key, "SHA512withECDSA")),
                CsrRefusal.KEY_TYPE_NOT_ALLOWED, "curve 1.3.132.0.35");
    }

    @Test
    void refuses_rsa_keys_below_2048_bits() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", TestFleet.BC);
        generator.initialize(1024);
        KeyPair key = generator.generateKeyPair();
        assertRefused(verifier.check(TestFleet.csr("CN=x", key.getPublic(), key, "SHA256withRSA")),
                CsrRefusal.KEY_TYPE_NOT_ALLOWED, "1024 bits");
    }

    @Test
    void refuses_rsa_keys_with_a_small_exponent() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA", TestFleet.BC);
        generator.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(3)));
        KeyPair key = generator.generateKeyPair();
        assertRefused(verifier.check(TestFleet.csr("CN=x", key.getPublic(), key, "SHA256withRSA")),
                CsrRefusal.KEY_TYPE_NOT_ALLOWED, "exponent");
    }

    @Test
    void refuses_key_types_the_profile_does_not_allow() throws Exception {
        CsrVerifier ecOnly = new CsrVerifier(EnumSet.of(KeyAlgorithm.EC_P256), TestFleet.BC);
        assertRefused(ecOnly.check(TestFleet.csr(TestFleet.deviceKey(KeyAlgorithm.EC_P384))),
                CsrRefusal.KEY_TYPE_NOT_ALLOWED, "ec-p384 keys are not allowed");
    }

    @Test
    void refuses_an_ecdsa_signature_algorithm_on_an_rsa_key() throws Exception {
        KeyPair rsa = TestFleet.deviceKey(KeyAlgorithm.RSA_2048);
        CertificationRequest signed = CertificationRequest.getInstance(TestFleet.csr(rsa));
        byte[] bent = new CertificationRequest(signed.getCertificationRequestInfo(),
                new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256), signed.getSignature()).getEncoded("DER");
        assertRefused(verifier.check(bent), CsrRefusal.SIGNATURE_ALGORITHM_NOT_ALLOWED, "not allowed for a rsa-2048 key");
    }
}
