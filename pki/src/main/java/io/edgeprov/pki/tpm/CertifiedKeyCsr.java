package io.edgeprov.pki.tpm;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Encoding;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Checks a PKCS#10 CSR against the certified device key. Verifies with one plain JCA signature
 * over the request body: BouncyCastle's content verifier checks ECDSA twice.
 */
final class CertifiedKeyCsr {
    private static final Map<String, String> SIGNATURE_ALGORITHMS = Map.of(
            "1.2.840.10045.4.3.2", "SHA256withECDSA",
            "1.2.840.10045.4.3.3", "SHA384withECDSA",
            "1.2.840.113549.1.1.11", "SHA256withRSA",
            "1.2.840.113549.1.1.12", "SHA384withRSA");

    private static final Map<String, String> KEY_ALGORITHMS = Map.of(
            "1.2.840.10045.2.1", "EC",
            "1.2.840.113549.1.1.1", "RSA");

    private CertifiedKeyCsr() {
    }

    static void check(Provider ecProvider, byte[] der, TpmPublic deviceKey, PublicKey devicePublicKey) throws AttestationException {
        CertificationRequest csr;
        byte[] body;
        PublicKey csrKey;
        try {
            csr = CertificationRequest.getInstance(der);
            if (csr == null || csr.getEncoded(ASN1Encoding.DER).length != der.length) {
                throw new AttestationException(AttestationFailure.CSR_MALFORMED, "not a single DER PKCS#10 request");
            }
            body = csr.getCertificationRequestInfo().getEncoded(ASN1Encoding.DER);
            SubjectPublicKeyInfo spki = csr.getCertificationRequestInfo().getSubjectPublicKeyInfo();
            String keyAlg = KEY_ALGORITHMS.get(spki.getAlgorithm().getAlgorithm().getId());
            if (keyAlg == null) {
                throw new AttestationException(AttestationFailure.CSR_KEY_MISMATCH,
                        "CSR key algorithm " + spki.getAlgorithm().getAlgorithm().getId() + " is not RSA or EC");
            }
            csrKey = KeyFactory.getInstance(keyAlg).generatePublic(new X509EncodedKeySpec(spki.getEncoded(ASN1Encoding.DER)));
        } catch (AttestationException e) {
            throw e;
        } catch (Exception e) {
            // BouncyCastle reports bad ASN.1 as IllegalArgumentException/IOException; all mean the same to a device.
            throw new AttestationException(AttestationFailure.CSR_MALFORMED, "CSR is not a parsable PKCS#10 request", e);
        }
        if (!deviceKey.matches(csrKey)) {
            throw new AttestationException(AttestationFailure.CSR_KEY_MISMATCH, "CSR key is not the certified device key");
        }
        String oid = csr.getSignatureAlgorithm().getAlgorithm().getId();
        String jca = SIGNATURE_ALGORITHMS.get(oid);
        if (jca == null || csr.getSignatureAlgorithm().getParameters() != null && jca.endsWith("ECDSA")) {
            throw new AttestationException(AttestationFailure.CSR_MALFORMED, "unsupported CSR signature algorithm " + oid);
        }
        try {
            Signature v = jca.endsWith("ECDSA") ? Signature.getInstance(jca, ecProvider) : Signature.getInstance(jca);
            v.initVerify(devicePublicKey);
            v.update(body);
            if (!v.verify(csr.getSignature().getOctets())) {
                throw new AttestationException(AttestationFailure.CSR_SIGNATURE_INVALID, "CSR signature does not verify");
            }
        } catch (GeneralSecurityException e) {
            throw new AttestationException(AttestationFailure.CSR_SIGNATURE_INVALID, "CSR signature does not verify (" + e.getClass().getSimpleName() + ")", e);
        }
    }
}
