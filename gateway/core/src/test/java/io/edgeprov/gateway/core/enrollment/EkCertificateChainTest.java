package io.edgeprov.gateway.core.enrollment;

import static io.edgeprov.gateway.core.enrollment.Outcomes.thenRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.pki.tpm.TpmPublic;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A group enrollment trusts a manufacturer's root only; a TPM whose EK certificate comes from an intermediate CA
 * is admitted when the device sends that intermediate with its begin (ekCertificateChain), as real vendors issue.
 */
class EkCertificateChainTest {

    private static final X500Name ROOT = new X500Name("CN=Vendor TPM Root CA,O=Vendor,C=DE");
    private static final X500Name INTERMEDIATE = new X500Name("CN=Vendor TPM EK Intermediate 07,O=Vendor,C=DE");

    private GatewayFixture gateway;
    private KeyPair rootKey;
    private KeyPair intermediateKey;
    private X509Certificate intermediate;
    private TestDevice device;
    private byte[] ekCertificate;

    @BeforeEach
    void given_a_vendor_that_issues_ek_certificates_from_an_intermediate() throws Exception {
        gateway = GatewayFixture.inMemory();
        rootKey = p256();
        intermediateKey = p256();
        X509Certificate root = ca(ROOT, rootKey.getPublic(), ROOT, rootKey, 1);
        intermediate = ca(ROOT, intermediateKey.getPublic(), INTERMEDIATE, rootKey, 0);
        gateway.givenTrustedBundle("vendor", root);
        gateway.givenGroupEnrollment("lot-7", "vendor", "lot7-[0-9]{3}");
        device = TestDevice.ecc("lot7-001");
        PublicKey ek = TpmPublic.unmarshalTpm2b(device.begin().ekPublic()).toPublicKey();
        ekCertificate = ekCertificate(ek).getEncoded();
    }

    @AfterEach
    void close() throws Exception {
        gateway.close();
    }

    private AttestationBegin beginWith(List<byte[]> chain) {
        AttestationBegin plain = device.begin();
        return new AttestationBegin(plain.clientToken(), plain.ekPublic(), Optional.of(ekCertificate), plain.akPublic(),
                Optional.empty(), chain);
    }

    @Test
    void a_device_sending_its_ek_intermediate_is_challenged() throws Exception {
        EnrollmentOutcome<Challenge> outcome = gateway.begin(device, beginWith(List.of(intermediate.getEncoded())));

        assertThat(GatewayFixture.accepted(outcome).challengeId().value()).isNotEmpty();
    }

    @Test
    void a_device_sending_only_its_ek_certificate_is_refused_as_untrusted_as_before() {
        EnrollmentOutcome<Challenge> outcome = gateway.begin(device, beginWith(List.of()));

        thenRefused(outcome, EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED, WireErrorCode.EK_CERTIFICATE_INVALID);
    }

    @Test
    void an_intermediate_that_does_not_parse_is_refused_as_an_invalid_ek_certificate() {
        EnrollmentOutcome<Challenge> outcome = gateway.begin(device, beginWith(List.of(new byte[] {0x30, 0x03, 0x02, 0x01})));

        thenRefused(outcome, EnrollmentRefusal.EK_CERTIFICATE_INVALID, WireErrorCode.EK_CERTIFICATE_INVALID);
    }

    @Test
    void an_intermediate_of_another_vendor_does_not_make_the_certificate_trusted() throws Exception {
        KeyPair foreignKey = p256();
        X509Certificate foreign = ca(INTERMEDIATE, foreignKey.getPublic(), INTERMEDIATE, foreignKey, 0);

        EnrollmentOutcome<Challenge> outcome = gateway.begin(device, beginWith(List.of(foreign.getEncoded())));

        thenRefused(outcome, EnrollmentRefusal.EK_CERTIFICATE_UNTRUSTED, WireErrorCode.EK_CERTIFICATE_INVALID);
    }

    @Test
    void a_genuine_tpm_no_enrollment_admits_is_refused_and_waits_in_the_pending_queue_until_approved() throws Exception {
        TestDevice stranger = TestDevice.ecc("other-001");
        PublicKey strangerEk = TpmPublic.unmarshalTpm2b(stranger.begin().ekPublic()).toPublicKey();
        AttestationBegin plain = stranger.begin();
        AttestationBegin withChain = new AttestationBegin(plain.clientToken(), plain.ekPublic(),
                Optional.of(ekCertificate(strangerEk).getEncoded()), plain.akPublic(), Optional.empty(),
                List.of(intermediate.getEncoded()));

        thenRefused(gateway.begin(stranger, withChain), EnrollmentRefusal.SERIAL_PATTERN_MISMATCH,
                WireErrorCode.NOT_ENROLLED);

        var waiting = gateway.pending.find("other-001").orElseThrow();
        assertThat(waiting.rootBundle()).isEqualTo("vendor");
        assertThat(waiting.ekSha256()).isEqualTo(EnrollmentMatcher.ekDigest(TpmPublic.unmarshalTpm2b(plain.ekPublic())));
        var approvals = new io.edgeprov.gateway.core.onboarding.PendingApprovals(gateway.pending, gateway.enrollments,
                gateway.devices, gateway.audit, java.time.Clock.systemUTC());
        var decision = approvals.approve(io.edgeprov.gateway.core.operator.Principal.LocalAdministrator.current(), "other-001",
                Optional.of("checked on the line")).join();
        assertThat(decision).isInstanceOf(io.edgeprov.gateway.core.onboarding.PendingApprovals.Decision.Approved.class);
        assertThat(gateway.pending.count()).isZero();
        assertThat(GatewayFixture.accepted(gateway.begin(stranger, withChain)).challengeId().value()).isNotEmpty();
    }

    @Test
    void a_tpm_whose_ek_certificate_chains_to_no_trusted_root_is_not_queued() throws Exception {
        KeyPair foreignKey = p256();
        X509Certificate foreign = ca(INTERMEDIATE, foreignKey.getPublic(), INTERMEDIATE, foreignKey, 0);
        TestDevice stranger = TestDevice.ecc("other-002");
        AttestationBegin plain = stranger.begin();
        AttestationBegin withForeignChain = new AttestationBegin(plain.clientToken(), plain.ekPublic(),
                Optional.of(ekCertificate(TpmPublic.unmarshalTpm2b(plain.ekPublic()).toPublicKey()).getEncoded()),
                plain.akPublic(), Optional.empty(), List.of(foreign.getEncoded()));

        gateway.begin(stranger, withForeignChain);

        assertThat(gateway.pending.count()).isZero();
    }

    private static KeyPair p256() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private static X509Certificate ca(X500Name issuer, PublicKey key, X500Name subject, KeyPair signer, int pathLength)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(pathLength + 2L),
                Date.from(Instant.now().minus(Duration.ofDays(3650))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(b, signer);
    }

    private X509Certificate ekCertificate(PublicKey ek) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(INTERMEDIATE, BigInteger.TEN,
                Date.from(Instant.now().minus(Duration.ofDays(365))), Date.from(Instant.now().plus(Duration.ofDays(3650))),
                new X500Name("CN=lot7-001 EK"), ek);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyAgreement));
        b.addExtension(Extension.extendedKeyUsage, false,
                new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier("2.23.133.8.1"))));
        return sign(b, intermediateKey);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA")
                .build(signer.getPrivate())));
    }
}
