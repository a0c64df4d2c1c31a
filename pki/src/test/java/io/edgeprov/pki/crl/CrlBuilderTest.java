package io.edgeprov.pki.crl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.security.SecureRandom;
import java.security.cert.CRLReason;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class CrlBuilderTest {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private final Clock clock = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    private final SoftwareCaKeyStore ca;
    private final CrlBuilder builder;

    CrlBuilderTest() throws Exception {
        CaHierarchy hierarchy = new CaHierarchy(new FleetNaming("Acme", "acme.test"), BC, new SecureRandom(), clock);
        var root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        ca = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), BC);
        builder = new CrlBuilder(ca, clock);
    }

    private static X509CRL parse(SignedCrl crl) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(crl.der()));
    }

    @Test
    void crl_is_v2_signed_by_the_ca_with_this_and_next_update() throws Exception {
        SignedCrl signed = builder.build(BigInteger.ONE, List.of(), Duration.ofHours(1));
        X509CRL crl = parse(signed);
        crl.verify(ca.publicKey());
        assertThat(crl.getVersion()).isEqualTo(2);
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        assertThat(crl.getThisUpdate().toInstant()).isEqualTo(clock.instant());
        assertThat(crl.getNextUpdate().toInstant()).isEqualTo(clock.instant().plus(Duration.ofHours(1)));
        assertThat(crl.getRevokedCertificates()).isNull();
    }

    @Test
    void crl_carries_its_number_and_authority_key_identifier() throws Exception {
        X509CRL crl = parse(builder.build(BigInteger.valueOf(42), List.of(), Duration.ofHours(1)));
        byte[] number = ASN1OctetString.getInstance(crl.getExtensionValue(Extension.cRLNumber.getId())).getOctets();
        assertThat(ASN1Integer.getInstance(number).getValue()).isEqualTo(42);
        assertThat(crl.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
    }

    @Test
    void entries_carry_serial_date_and_reason() throws Exception {
        Instant when = Instant.parse("2026-11-21T08:30:00Z");
        X509CRL crl = parse(builder.build(BigInteger.TWO, List.of(
                new RevokedCertificate(BigInteger.valueOf(1001), when, CrlReason.KEY_COMPROMISE),
                new RevokedCertificate(BigInteger.valueOf(1002), when, CrlReason.CESSATION_OF_OPERATION)),
                Duration.ofHours(1)));
        X509CRLEntry first = crl.getRevokedCertificate(BigInteger.valueOf(1001));
        assertThat(first.getRevocationDate().toInstant()).isEqualTo(when);
        assertThat(first.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(1002)).getRevocationReason())
                .isEqualTo(CRLReason.CESSATION_OF_OPERATION);
        assertThat(crl.getRevokedCertificate(BigInteger.valueOf(1003))).isNull();
    }

    @Test
    void unspecified_reason_leaves_the_reason_extension_out() throws Exception {
        X509CRL crl = parse(builder.build(BigInteger.TWO, List.of(
                new RevokedCertificate(BigInteger.TEN, clock.instant(), CrlReason.UNSPECIFIED)), Duration.ofHours(1)));
        assertThat(crl.getRevokedCertificate(BigInteger.TEN).hasExtensions()).isFalse();
    }

    @Test
    void a_hundred_thousand_entries_build_into_a_valid_crl() throws Exception {
        List<RevokedCertificate> entries = new ArrayList<>();
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 100_000; i++) {
            entries.add(new RevokedCertificate(new BigInteger(127, random).setBit(100), clock.instant(),
                    CrlReason.values()[i % CrlReason.values().length]));
        }
        SignedCrl signed = builder.build(BigInteger.valueOf(7), entries, Duration.ofHours(1));
        X509CRL crl = parse(signed);
        crl.verify(ca.publicKey());
        assertThat(crl.getRevokedCertificates()).hasSize(100_000);
        assertThat(signed.entries()).isEqualTo(100_000);
        assertThat(crl.getRevokedCertificate(entries.get(99_999).serial())).isNotNull();
    }

    @Test
    void negative_crl_number_is_refused() {
        assertThatThrownBy(() -> builder.build(BigInteger.valueOf(-1), List.of(), Duration.ofHours(1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("CRL number");
    }

    @Test
    void reasons_round_trip_through_their_rfc_names() {
        for (CrlReason reason : CrlReason.values()) {
            assertThat(CrlReason.fromName(reason.rfcName())).contains(reason);
            assertThat(CrlReason.fromCode(reason.code())).contains(reason);
        }
        assertThat(CrlReason.KEY_COMPROMISE.rfcName()).isEqualTo("keyCompromise");
        assertThat(CrlReason.fromCode(7)).isEmpty();
    }
}
