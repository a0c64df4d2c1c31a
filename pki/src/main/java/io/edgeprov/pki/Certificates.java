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
