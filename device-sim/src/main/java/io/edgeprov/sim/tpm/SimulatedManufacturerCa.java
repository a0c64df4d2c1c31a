package io.edgeprov.sim.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Objects;
import org.bouncycastle.asn1.ASN1EncodableVector;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERSequence;
import org.bouncycastle.asn1.DERSet;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A stand-in for a TPM vendor's EK certificate authority: a self-signed ECDSA P-256 root that
 * issues EK certificates shaped like a vendor's (TCG EK Credential Profile): empty subject,
 * critical subjectAltName directoryName with tpmManufacturer, tpmModel and tpmVersion, and the
 * EKU tcg-kp-EKCertificate. Its private key never leaves the object.
 */
public final class SimulatedManufacturerCa {
    /** tcg-kp-EKCertificate. */
    public static final String EK_CERTIFICATE_EKU = "2.23.133.8.1";
    private static final ASN1ObjectIdentifier TPM_MANUFACTURER = new ASN1ObjectIdentifier("2.23.133.2.1");
    private static final ASN1ObjectIdentifier TPM_MODEL = new ASN1ObjectIdentifier("2.23.133.2.2");
    private static final ASN1ObjectIdentifier TPM_VERSION = new ASN1ObjectIdentifier("2.23.133.2.3");
    private static final Duration EK_CERTIFICATE_LIFETIME = Duration.ofDays(365L * 20);

    private final X509Certificate certificate;
    private final PrivateKey signingKey;
    private final Clock clock;
    private final SecureRandom random;

    private SimulatedManufacturerCa(X509Certificate certificate, PrivateKey signingKey, Clock clock, SecureRandom random) {
        this.certificate = certificate;
        this.signingKey = signingKey;
        this.clock = clock;
        this.random = random;
    }

    /** A new root CA named {@code commonName}, valid from now for twenty years. */
    public static SimulatedManufacturerCa create(String commonName, Clock clock, SecureRandom random) {
        Objects.requireNonNull(commonName, "commonName");
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            X500Name name = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.O, "EdgeProv Simulated TPM Vendor").addRDN(BCStyle.CN, commonName).build();
            Instant now = clock.instant();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(random),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(EK_CERTIFICATE_LIFETIME)), name,
                    keys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, utils.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate root = sign(builder, keys.getPrivate());
            return new SimulatedManufacturerCa(root, keys.getPrivate(), clock, random);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create the simulated manufacturer CA", e);
        }
    }

    /** The root certificate a group enrollment would trust. */
    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * Issues the EK certificate for {@code endorsementKey}.
     *
     * @param manufacturer tpmManufacturer, e.g. {@code id:45444745}
     * @param model        tpmModel
     * @param version      tpmVersion, e.g. {@code id:00010002}
     */
    public X509Certificate issueEkCertificate(PublicKey endorsementKey, String manufacturer, String model, String version) {
        try {
            ASN1EncodableVector attributes = new ASN1EncodableVector();
            attributes.add(new DERSet(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    TPM_MANUFACTURER, new DERUTF8String(manufacturer)})));
            attributes.add(new DERSet(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    TPM_MODEL, new DERUTF8String(model)})));
            attributes.add(new DERSet(new DERSequence(new org.bouncycastle.asn1.ASN1Encodable[] {
                    TPM_VERSION, new DERUTF8String(version)})));
            X500Name tpmIdentity = X500Name.getInstance(new DERSequence(attributes));
            Instant now = clock.instant();
            JcaX509ExtensionUtils utils = new JcaX509ExtensionUtils();
            int usage = endorsementKey instanceof RSAPublicKey ? KeyUsage.keyEncipherment : KeyUsage.keyAgreement;
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()), serial(random),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(EK_CERTIFICATE_LIFETIME)),
                    new X500Name(new org.bouncycastle.asn1.x500.RDN[0]), endorsementKey)
                    .addExtension(Extension.subjectAlternativeName, true,
                            new GeneralNames(new GeneralName(GeneralName.directoryName, tpmIdentity)))
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(usage))
                    .addExtension(Extension.extendedKeyUsage, false,
                            new ExtendedKeyUsage(KeyPurposeId.getInstance(new ASN1ObjectIdentifier(EK_CERTIFICATE_EKU))))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            utils.createAuthorityKeyIdentifier(certificate));
            return sign(builder, signingKey);
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue an EK certificate", e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws GeneralSecurityException {
        try {
            ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException("no ECDSA signer", e);
        }
    }

    private static BigInteger serial(SecureRandom random) {
        return new BigInteger(64, random).setBit(63);
    }

    @Override
    public String toString() {
        return "SimulatedManufacturerCa[" + certificate.getSubjectX500Principal() + "]";
    }
}
