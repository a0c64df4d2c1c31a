package io.edgeprov.pki;

import java.io.ByteArrayInputStream;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509ExtensionUtils;
import org.bouncycastle.operator.DigestCalculator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.bc.BcDigestCalculatorProvider;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;

/** Small conversions between DER, PEM and JDK certificate objects, shared by the CA builders. */
public final class Certificates {
    private Certificates() {
    }

    /** Parses one DER certificate with the JDK's own parser (an independent check of what BouncyCastle wrote). */
    public static X509Certificate fromDer(byte[] der) throws CertificateException {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }

    /** PEM text of a certificate, as openssl and most firmware toolchains read it. */
    public static String toPem(X509Certificate certificate) throws CertificateException {
        return pem("CERTIFICATE", certificate.getEncoded());
    }

    /** PEM armour around DER bytes. */
    public static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }

    /** The CA chain as devices fetch it: DER PKCS#7 SignedData, certificates only, as EST {@code /cacerts} and {@code /crts}. */
    public static byte[] pkcs7CertsOnly(java.util.List<X509Certificate> chain) throws CertificateException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertPath(chain).getEncoded("PKCS7");
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new CertificateException("cannot encode the CA chain as PKCS#7", e);
        }
    }

    /**
     * The DER SubjectPublicKeyInfo of a DER certificate, read from the ASN.1 alone: a full X.509 parse
     * cost 5 % of a renewal, which compares the CSR's key with the current certificate's.
     */
    public static byte[] subjectPublicKeyInfo(byte[] certificateDer) throws CertificateException {
        try {
            return org.bouncycastle.asn1.x509.Certificate.getInstance(certificateDer).getSubjectPublicKeyInfo().getEncoded();
        } catch (java.io.IOException | IllegalArgumentException e) {
            throw new CertificateException("not a DER certificate: " + e.getMessage(), e);
        }
    }

    /** RFC 5280 key identifiers (SHA-1 of the subject public key), as OpenSSL computes them. */
    static X509ExtensionUtils extensionUtils() {
        try {
            DigestCalculator sha1 = new BcDigestCalculatorProvider()
                    .get(new AlgorithmIdentifier(OIWObjectIdentifiers.idSHA1));
            return new X509ExtensionUtils(sha1);
        } catch (OperatorCreationException e) {
            throw new IllegalStateException("SHA-1 digest calculator unavailable", e);
        }
    }

    static SubjectPublicKeyInfo keyInfo(PublicKey key) {
        return SubjectPublicKeyInfo.getInstance(key.getEncoded());
    }
}
