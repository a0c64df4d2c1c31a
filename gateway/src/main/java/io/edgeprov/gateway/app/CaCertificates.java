package io.edgeprov.gateway.app;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;

/** The CA chain as devices fetch it: DER PKCS#7 SignedData, certificates only, as EST {@code /cacerts}. */
final class CaCertificates {
    private CaCertificates() {
    }

    static byte[] pkcs7CertsOnly(List<X509Certificate> chain) throws CertificateException {
        try {
            return CertificateFactory.getInstance("X.509").generateCertPath(chain).getEncoded("PKCS7");
        } catch (CertificateEncodingException e) {
            throw new CertificateException("cannot encode the CA chain as PKCS#7", e);
        }
    }
}
