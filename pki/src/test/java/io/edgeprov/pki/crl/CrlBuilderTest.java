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
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1Enumerated;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.x509.CertificateList;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.TBSCertList;
import org.bouncycastle.asn1.x509.Time;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
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
    void a_hundred_thousand_entries_parse_with_the_jdk_and_list_every_serial_and_reason() throws Exception {
        List<RevokedCertificate> entries = hundredThousandEntries();
        SignedCrl signed = builder.build(BigInteger.valueOf(7), entries, Duration.ofHours(1));

        X509CRL crl = parse(signed);
        crl.verify(ca.publicKey());
        assertThat(signed.entries()).isEqualTo(100_000);
        assertThat(crl.getRevokedCertificates()).hasSize(100_000);
        List<RevokedCertificate> listed = new ArrayList<>();
        for (RevokedCertificate expected : entries) {
            X509CRLEntry entry = crl.getRevokedCertificate(expected.serial());
            listed.add(entry == null ? null
                    : new RevokedCertificate(entry.getSerialNumber(), entry.getRevocationDate().toInstant(), jdkReason(entry)));
        }
        // One comparison for the lot: 100,000 AssertJ assertions would take longer than the parse.
        assertThat(listed).isEqualTo(entries);
    }

    @Test
    void a_hundred_thousand_entries_parse_with_bouncycastle_in_the_order_given() throws Exception {
        List<RevokedCertificate> entries = hundredThousandEntries();
        X509CRLHolder crl = new X509CRLHolder(builder.build(BigInteger.valueOf(7), entries, Duration.ofHours(1)).der());

        assertThat(crl.isSignatureValid(new JcaContentVerifierProviderBuilder().setProvider(BC).build(ca.publicKey()))).isTrue();
        // BouncyCastle parses each date through a new SimpleDateFormat: parse each distinct one once.
        Map<ASN1Primitive, Instant> dates = new HashMap<>();
        List<RevokedCertificate> listed = new ArrayList<>();
        for (TBSCertList.CRLEntry entry : crl.toASN1Structure().getRevokedCertificates()) {
            Time date = entry.getRevocationDate();
            Instant revokedAt = dates.computeIfAbsent(date.toASN1Primitive(), d -> date.getDate().toInstant());
            listed.add(new RevokedCertificate(entry.getUserCertificate().getValue(), revokedAt, bcReason(entry)));
        }
        assertThat(listed).isEqualTo(entries);
    }

    @Test
    void entries_are_the_der_bouncycastle_encodes_for_them() throws Exception {
        // Both sides of the UTCTime / GeneralizedTime switch (RFC 5280 4.1.2.5), every reason, short and long serials.
        List<Instant> times = List.of(Instant.parse("1950-01-01T00:00:00Z"), Instant.parse("1999-12-31T23:59:59Z"),
                Instant.parse("2026-11-21T08:30:07Z"), Instant.parse("2049-12-31T23:59:59Z"),
                Instant.parse("2050-01-01T00:00:00Z"), Instant.parse("2126-02-28T13:14:15Z"),
                Instant.parse("1949-12-31T23:59:59Z"));
        List<BigInteger> serials = List.of(BigInteger.ONE, BigInteger.valueOf(127), BigInteger.valueOf(128),
                BigInteger.valueOf(255), new BigInteger(127, new SecureRandom()).setBit(126),
                BigInteger.ONE.shiftLeft(159).subtract(BigInteger.ONE));
        List<RevokedCertificate> entries = new ArrayList<>();
        for (Instant time : times) {
            for (BigInteger serial : serials) {
                for (CrlReason reason : CrlReason.values()) {
                    entries.add(new RevokedCertificate(serial, time, reason));
                }
            }
        }
        TBSCertList.CRLEntry[] parsed = new X509CRLHolder(builder.build(BigInteger.TEN, entries, Duration.ofHours(1)).der())
                .toASN1Structure().getRevokedCertificates();

        assertThat(parsed).hasSize(entries.size());
        for (int i = 0; i < parsed.length; i++) {
            assertThat(parsed[i].getEncoded("DER")).as("entry %d: %s", i, entries.get(i)).isEqualTo(bouncyCastleEntry(entries.get(i)));
        }
    }

    @Test
    void the_whole_crl_is_canonical_der() throws Exception {
        byte[] der = builder.build(BigInteger.valueOf(300), List.of(
                new RevokedCertificate(BigInteger.valueOf(1001), clock.instant(), CrlReason.KEY_COMPROMISE),
                new RevokedCertificate(BigInteger.valueOf(1002), clock.instant().minusSeconds(5), CrlReason.UNSPECIFIED)),
                Duration.ofHours(1)).der();

        assertThat(CertificateList.getInstance(der).getEncoded("DER")).isEqualTo(der);
    }

    private List<RevokedCertificate> hundredThousandEntries() {
        List<RevokedCertificate> entries = new ArrayList<>(100_000);
        SecureRandom random = new SecureRandom();
        Instant first = clock.instant().minus(Duration.ofDays(2));
        for (int i = 0; i < 100_000; i++) {
            // A second of its own for most entries, as revocations one device at a time leave them.
            entries.add(new RevokedCertificate(new BigInteger(127, random).setBit(100), first.plusSeconds(i - i % 3),
                    CrlReason.values()[i % CrlReason.values().length]));
        }
        return entries;
    }

    /** The entry as BouncyCastle's own ASN.1 objects encode it, the way this builder used to. */
    private static byte[] bouncyCastleEntry(RevokedCertificate entry) throws Exception {
        ASN1EncodableVector fields = new ASN1EncodableVector();
        fields.add(new ASN1Integer(entry.serial()));
        fields.add(new Time(Date.from(entry.revokedAt())));
        if (entry.reason() != CrlReason.UNSPECIFIED) {
            fields.add(new DERSequence(new Extension(Extension.reasonCode, false,
                    new ASN1Enumerated(entry.reason().code()).getEncoded())));
        }
        return new DERSequence(fields).getEncoded("DER");
    }

    private static CrlReason jdkReason(X509CRLEntry entry) {
        CRLReason reason = entry.getRevocationReason();
        return reason == null ? CrlReason.UNSPECIFIED : CrlReason.fromCode(reason.ordinal()).orElseThrow();
    }

    private static CrlReason bcReason(TBSCertList.CRLEntry entry) {
        if (entry.getExtensions() == null) {
            return CrlReason.UNSPECIFIED;
        }
        ASN1Enumerated code = ASN1Enumerated.getInstance(entry.getExtensions().getExtensionParsedValue(Extension.reasonCode));
        return CrlReason.fromCode(code.intValueExact()).orElseThrow();
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
