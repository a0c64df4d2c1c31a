package io.edgeprov.pki.tpm;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * A TPM endorsement-key certificate as TPM vendors ship them (TCG EK Credential Profile): often
 * an empty subject, the TPM's manufacturer, model and firmware version in a critical
 * subjectAltName directoryName, EKU 2.23.133.8.1, keyEncipherment (RSA) or keyAgreement (ECC).
 * Parsing is tolerant of those shapes and refuses only what cannot be an EK certificate.
 */
public final class EkCertificate {
    /** tcg-kp-EKCertificate. */
    public static final String EK_CERTIFICATE_EKU = "2.23.133.8.1";
    static final ASN1ObjectIdentifier TPM_MANUFACTURER = new ASN1ObjectIdentifier("2.23.133.2.1");
    static final ASN1ObjectIdentifier TPM_MODEL = new ASN1ObjectIdentifier("2.23.133.2.2");
    static final ASN1ObjectIdentifier TPM_VERSION = new ASN1ObjectIdentifier("2.23.133.2.3");
    /** Largest certificate accepted; real EK certificates are 0.8 to 1.5 KiB. */
    public static final int MAX_DER_SIZE = 8192;
    private static final int KEY_ENCIPHERMENT = 2;
    /** rsaEncryption, id-RSAES-OAEP and id-RSASSA-PSS: the key bits are a PKCS#1 RSAPublicKey under each. */
    private static final Set<ASN1ObjectIdentifier> RSA_KEY_LABELS = Set.of(PKCSObjectIdentifiers.rsaEncryption,
            PKCSObjectIdentifiers.id_RSAES_OAEP, PKCSObjectIdentifiers.id_RSASSA_PSS);
    private static final int KEY_AGREEMENT = 4;

    private final X509Certificate certificate;
    private final PublicKey publicKey;
    private final Optional<String> tpmManufacturer;
    private final Optional<String> tpmModel;
    private final Optional<String> tpmVersion;

    private EkCertificate(X509Certificate certificate, Optional<String> manufacturer, Optional<String> model, Optional<String> version) {
        this.certificate = certificate;
        this.publicKey = rsaLabelledKey(certificate).<PublicKey>map(k -> k).orElse(certificate.getPublicKey());
        this.tpmManufacturer = manufacturer;
        this.tpmModel = model;
        this.tpmVersion = version;
    }

    /** Parses a DER EK certificate (as read from the TPM's NV index); refuses malformed DER and non-EK certificates. */
    public static EkCertificate parse(byte[] der) throws AttestationException {
        Objects.requireNonNull(der, "der");
        if (der.length == 0 || der.length > MAX_DER_SIZE) {
            throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "certificate of " + der.length + " bytes");
        }
        X509Certificate cert;
        try {
            cert = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | RuntimeException e) {
            throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "not a DER X.509 certificate", e);
        }
        if (cert.getBasicConstraints() >= 0) {
            throw new AttestationException(AttestationFailure.EK_CERT_NOT_EK_CERT, "certificate is a CA");
        }
        boolean[] ku = cert.getKeyUsage();
        if (ku != null && !(ku.length > KEY_ENCIPHERMENT && ku[KEY_ENCIPHERMENT]) && !(ku.length > KEY_AGREEMENT && ku[KEY_AGREEMENT])) {
            throw new AttestationException(AttestationFailure.EK_CERT_NOT_EK_CERT, "key usage allows neither keyEncipherment nor keyAgreement");
        }
        boolean ekEku;
        try {
            List<String> eku = cert.getExtendedKeyUsage();
            if (eku != null && !eku.contains(EK_CERTIFICATE_EKU)) {
                throw new AttestationException(AttestationFailure.EK_CERT_NOT_EK_CERT, "extended key usage lacks " + EK_CERTIFICATE_EKU);
            }
            ekEku = eku != null;
        } catch (CertificateParsingException e) {
            throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "unreadable extended key usage", e);
        }
        X500Name tpmName;
        Optional<String> manufacturer;
        Optional<String> model;
        Optional<String> version;
        try {
            tpmName = tpmDirectoryName(cert);
            manufacturer = attribute(tpmName, TPM_MANUFACTURER);
            model = attribute(tpmName, TPM_MODEL);
            version = attribute(tpmName, TPM_VERSION);
        } catch (RuntimeException e) {
            // BouncyCastle signals bad ASN.1 or bad string encodings (found by fuzzing) with runtime exceptions.
            throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "unreadable subjectAltName", e);
        }
        if (!ekEku && tpmName == null) {
            throw new AttestationException(AttestationFailure.EK_CERT_NOT_EK_CERT,
                    "neither the EK extended key usage nor a TPM subjectAltName is present");
        }
        return new EkCertificate(cert, manufacturer, model, version);
    }

    /**
     * Parses the intermediate CA certificates a device sent with its EK certificate (DER, any order, as read from
     * the TPM's EK chain NV indices or published by the vendor); refuses more than
     * {@value EkCertificateValidator#MAX_INTERMEDIATES}, and oversized or malformed ones naming their index.
     */
    public static List<X509Certificate> parseIntermediates(List<byte[]> ders) throws AttestationException {
        Objects.requireNonNull(ders, "ders");
        if (ders.size() > EkCertificateValidator.MAX_INTERMEDIATES) {
            throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED,
                    ders.size() + " intermediates, at most " + EkCertificateValidator.MAX_INTERMEDIATES);
        }
        List<X509Certificate> out = new ArrayList<>(ders.size());
        for (int i = 0; i < ders.size(); i++) {
            byte[] der = ders.get(i);
            if (der.length == 0 || der.length > MAX_DER_SIZE) {
                throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "intermediate " + i + " of " + der.length + " bytes");
            }
            try {
                out.add((X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der)));
            } catch (CertificateException | RuntimeException e) {
                throw new AttestationException(AttestationFailure.EK_CERT_MALFORMED, "intermediate " + i + " is not a DER X.509 certificate", e);
            }
        }
        return List.copyOf(out);
    }

    /**
     * The RSA key of a certificate whose key algorithm is one of the RSA family but which the JDK's provider
     * did not turn into an {@link RSAPublicKey}; empty for every other certificate.
     */
    static Optional<RSAPublicKey> rsaLabelledKey(X509Certificate cert) {
        if (cert.getPublicKey() instanceof RSAPublicKey) {
            return Optional.empty();
        }
        try {
            SubjectPublicKeyInfo spki = SubjectPublicKeyInfo.getInstance(cert.getPublicKey().getEncoded());
            if (!RSA_KEY_LABELS.contains(spki.getAlgorithm().getAlgorithm())) {
                return Optional.empty();
            }
            org.bouncycastle.asn1.pkcs.RSAPublicKey bits = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(spki.parsePublicKey());
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return Optional.of((RSAPublicKey) rsa.generatePublic(new RSAPublicKeySpec(bits.getModulus(), bits.getPublicExponent())));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            // Not readable as PKCS#1: leave the JDK's key, which then matches no EK (EK_CERT_KEY_MISMATCH).
            return Optional.empty();
        }
    }

    /** The directoryName in the subjectAltName that carries TPM attributes, or null. */
    private static X500Name tpmDirectoryName(X509Certificate cert) {
        byte[] ext = cert.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (ext == null) {
            return null;
        }
        byte[] inner = org.bouncycastle.asn1.ASN1OctetString.getInstance(ext).getOctets();
        for (GeneralName n : GeneralNames.getInstance(inner).getNames()) {
            if (n.getTagNo() == GeneralName.directoryName) {
                X500Name dn = X500Name.getInstance(n.getName());
                if (attribute(dn, TPM_MANUFACTURER).isPresent() || attribute(dn, TPM_MODEL).isPresent()) {
                    return dn;
                }
            }
        }
        return null;
    }

    private static Optional<String> attribute(X500Name dn, ASN1ObjectIdentifier type) {
        if (dn == null) {
            return Optional.empty();
        }
        // Vendors put all three attributes in one multi-valued RDN or in three RDNs; accept both.
        for (RDN rdn : dn.getRDNs()) {
            for (AttributeTypeAndValue atv : rdn.getTypesAndValues()) {
                if (atv.getType().equals(type) && atv.getValue() instanceof ASN1String s) {
                    return Optional.of(s.getString());
                }
            }
        }
        return Optional.empty();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /**
     * The certified key. An RSA key labelled id-RSAES-OAEP (1.2.840.113549.1.1.7, which the TCG EK profile allows
     * and some Nuvoton certificates use) or id-RSASSA-PSS comes back from the JDK as an opaque key; its bits are the
     * same PKCS#1 RSAPublicKey as under rsaEncryption, so it is read into an {@link RSAPublicKey} here.
     */
    public PublicKey publicKey() {
        return publicKey;
    }

    /** The TCG tpmManufacturer attribute, e.g. "id:49465800". */
    public Optional<String> tpmManufacturer() {
        return tpmManufacturer;
    }

    /** The TCG tpmModel attribute. */
    public Optional<String> tpmModel() {
        return tpmModel;
    }

    /** The TCG tpmVersion attribute (firmware version), e.g. "id:00070002". */
    public Optional<String> tpmVersion() {
        return tpmVersion;
    }

    /** Refuses unless the certified key is the key of the presented EK public area. */
    public void checkKeyMatches(TpmPublic ek) throws AttestationException {
        if (!ek.matches(publicKey)) {
            throw new AttestationException(AttestationFailure.EK_CERT_KEY_MISMATCH, "certificate key is not the presented EK");
        }
    }

    @Override
    public String toString() {
        return "EkCertificate[serial=" + certificate.getSerialNumber().toString(16) + ", issuer=" + certificate.getIssuerX500Principal()
                + ", manufacturer=" + tpmManufacturer.orElse("?") + ", model=" + tpmModel.orElse("?") + "]";
    }
}
