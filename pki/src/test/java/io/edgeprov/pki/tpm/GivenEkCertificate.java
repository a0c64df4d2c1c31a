package io.edgeprov.pki.tpm;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.CertificatePolicies;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.PolicyInformation;
import org.bouncycastle.asn1.x509.PolicyQualifierInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Builds a manufacturer CA hierarchy and EK certificates shaped like vendors' (empty subject, critical TPM SAN). */
final class GivenEkCertificate {
    static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    static final KeyPair ROOT_KEY = TestKeys.ec("secp384r1");
    static final KeyPair INTERMEDIATE_KEY = TestKeys.ec("secp256r1");
    static final X500Name ROOT_NAME = new X500Name("CN=Test TPM Root CA,O=Test Silicon,C=DE");
    static final X500Name INTERMEDIATE_NAME = new X500Name("CN=Test TPM EK Intermediate 01,O=Test Silicon,C=DE");

    /** A named certificate policy, as a vendor's CPS defines one (not anyPolicy). */
    static final ASN1ObjectIdentifier VENDOR_POLICY = new ASN1ObjectIdentifier("1.3.6.1.4.1.99999.1.1");

    private PublicKey ekKey = TestKeys.RSA_EK.getPublic();
    private boolean withEku = true;
    private boolean withTpmSan = true;
    private boolean ca;
    private int keyUsage = -1;
    private Instant notBefore = NOW.minus(365, ChronoUnit.DAYS);
    private Instant notAfter = NOW.plus(3650, ChronoUnit.DAYS);
    private String unknownCriticalOid;
    private boolean criticalTpmSpecification;
    private boolean rsaesOaepKeyLabel;

    static GivenEkCertificate forKey(PublicKey ekKey) {
        GivenEkCertificate g = new GivenEkCertificate();
        g.ekKey = ekKey;
        return g;
    }

    GivenEkCertificate withoutEku() {
        this.withEku = false;
        return this;
    }

    GivenEkCertificate withoutTpmSan() {
        this.withTpmSan = false;
        return this;
    }

    GivenEkCertificate asCa() {
        this.ca = true;
        return this;
    }

    GivenEkCertificate keyUsage(int usage) {
        this.keyUsage = usage;
        return this;
    }

    GivenEkCertificate validity(Instant from, Instant to) {
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** A critical subjectDirectoryAttributes holding the TPM specification, which the JDK validator does not know. */
    GivenEkCertificate withCriticalTpmSpecification() {
        this.criticalTpmSpecification = true;
        return this;
    }

    /** The RSA key labelled id-RSAES-OAEP (1.2.840.113549.1.1.7) instead of rsaEncryption, as some Nuvoton EK certificates are. */
    GivenEkCertificate withRsaesOaepKeyLabel() {
        this.rsaesOaepKeyLabel = true;
        return this;
    }

    GivenEkCertificate withUnknownCriticalExtension(String oid) {
        this.unknownCriticalOid = oid;
        return this;
    }

    static X509Certificate root() throws Exception {
        return selfSigned(ROOT_KEY, ROOT_NAME);
    }

    static X509Certificate selfSigned(KeyPair key, X500Name name) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(name, BigInteger.ONE, Date.from(NOW.minus(3650, ChronoUnit.DAYS)),
                Date.from(NOW.plus(3650, ChronoUnit.DAYS)), name, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(b, key);
    }

    static X509Certificate intermediate() throws Exception {
        return intermediate(false);
    }

    /**
     * The EK intermediate; with {@code criticalPolicyWithCps} it carries a critical certificatePolicies extension
     * (a named vendor policy with a CPS URI qualifier), shaped like Intel's PTT intermediates.
     */
    static X509Certificate intermediate(boolean criticalPolicyWithCps) throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(ROOT_NAME, BigInteger.TWO, Date.from(NOW.minus(3000, ChronoUnit.DAYS)),
                Date.from(NOW.plus(3000, ChronoUnit.DAYS)), INTERMEDIATE_NAME, INTERMEDIATE_KEY.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        if (criticalPolicyWithCps) {
            PolicyQualifierInfo cps = new PolicyQualifierInfo("https://tpm.example/cps");
            b.addExtension(Extension.certificatePolicies, true,
                    new CertificatePolicies(new PolicyInformation(VENDOR_POLICY, new DERSequence(cps))));
        }
        return sign(b, ROOT_KEY);
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, KeyPair signer) throws Exception {
        String alg = signer.getPublic().getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA384withECDSA";
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(alg).build(signer.getPrivate())));
    }

    X509Certificate build() throws Exception {
        X500Name subject = withTpmSan ? new X500Name(new RDN[0]) : new X500Name("CN=not a TPM");
        BigInteger serial = new BigInteger(64, new java.security.SecureRandom());
        X509v3CertificateBuilder b = rsaesOaepKeyLabel
                ? new X509v3CertificateBuilder(INTERMEDIATE_NAME, serial, Date.from(notBefore), Date.from(notAfter), subject,
                        new SubjectPublicKeyInfo(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_RSAES_OAEP),
                                SubjectPublicKeyInfo.getInstance(ekKey.getEncoded()).parsePublicKey()))
                : new JcaX509v3CertificateBuilder(INTERMEDIATE_NAME, serial, Date.from(notBefore), Date.from(notAfter), subject, ekKey);
        if (withTpmSan) {
            // One multi-valued RDN, the way several vendors encode it.
            AttributeTypeAndValue[] tpm = {
                new AttributeTypeAndValue(new ASN1ObjectIdentifier("2.23.133.2.1"), new DERUTF8String("id:54455354")),
                new AttributeTypeAndValue(new ASN1ObjectIdentifier("2.23.133.2.2"), new DERUTF8String("TEST9670")),
                new AttributeTypeAndValue(new ASN1ObjectIdentifier("2.23.133.2.3"), new DERUTF8String("id:00070002"))};
            X500Name dn = new X500Name(new RDN[] {new RDN(tpm)});
            b.addExtension(Extension.subjectAlternativeName, true, new GeneralNames(new GeneralName(dn)));
        }
        if (withEku) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier("2.23.133.8.1"))));
        }
        int ku = keyUsage >= 0 ? keyUsage : ekKey instanceof RSAPublicKey ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
        b.addExtension(Extension.keyUsage, true, new KeyUsage(ku));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (criticalTpmSpecification) {
            ASN1EncodableVector spec = new ASN1EncodableVector();
            spec.add(new DERUTF8String("2.0"));
            spec.add(new org.bouncycastle.asn1.ASN1Integer(0));
            spec.add(new org.bouncycastle.asn1.ASN1Integer(164));
            ASN1EncodableVector attr = new ASN1EncodableVector();
            attr.add(new ASN1ObjectIdentifier("2.23.133.2.16"));
            attr.add(new DERSet(new org.bouncycastle.asn1.DERSequence(spec)));
            b.addExtension(Extension.subjectDirectoryAttributes, true,
                    new org.bouncycastle.asn1.DERSequence(new org.bouncycastle.asn1.DERSequence(attr)));
        }
        if (unknownCriticalOid != null) {
            ASN1EncodableVector v = new ASN1EncodableVector();
            v.add(new DERUTF8String("x"));
            b.addExtension(new ASN1ObjectIdentifier(unknownCriticalOid), true, new DERSet(v));
        }
        return sign(b, INTERMEDIATE_KEY);
    }

    byte[] der() throws Exception {
        return build().getEncoded();
    }
}
