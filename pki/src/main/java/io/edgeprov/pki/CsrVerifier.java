package io.edgeprov.pki;

import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.CertificationRequest;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.asn1.ASN1Primitive;

/**
 * Checks PKCS#10 requests: well-formed DER, an allowed key, an allowed signature algorithm that
 * fits the key, and a valid self-signature.
 *
 * <p>The signature is checked with one plain {@link Signature#verify} over the request body.
 * BouncyCastle's {@code JcaContentVerifierProviderBuilder} verifies ECDSA twice (a normal and a
 * "raw" pass), and the CSR verify dominates issuance cost (PERFORMANCE.md).
 */
public final class CsrVerifier {
    /** Far above any real CSR (an RSA-4096 request is about 1 KiB); bounds the parser's work. */
    public static final int MAX_CSR_BYTES = 16 * 1024;

    private static final ASN1ObjectIdentifier EC_KEY = X9ObjectIdentifiers.id_ecPublicKey;
    private static final ASN1ObjectIdentifier RSA_KEY = PKCSObjectIdentifiers.rsaEncryption;
    private static final BigInteger MIN_RSA_EXPONENT = BigInteger.valueOf(65537);

    private static final Map<ASN1ObjectIdentifier, String> EC_SIGNATURES = Map.of(
            X9ObjectIdentifiers.ecdsa_with_SHA256, "SHA256withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA384, "SHA384withECDSA",
            X9ObjectIdentifiers.ecdsa_with_SHA512, "SHA512withECDSA");
    private static final Map<ASN1ObjectIdentifier, String> RSA_SIGNATURES = Map.of(
            PKCSObjectIdentifiers.sha256WithRSAEncryption, "SHA256withRSA",
            PKCSObjectIdentifiers.sha384WithRSAEncryption, "SHA384withRSA",
            PKCSObjectIdentifiers.sha512WithRSAEncryption, "SHA512withRSA");

    private final Set<KeyAlgorithm> allowedKeys;
    private final Provider provider;
    private final Provider signatures;

    /** Decodes keys and verifies signatures with {@code provider}. */
    public CsrVerifier(Set<KeyAlgorithm> allowedKeys, Provider provider) {
        this(allowedKeys, provider, provider);
    }

    /**
     * Decodes keys with {@code provider} and verifies each signature with {@code signatures} when it
     * offers the algorithm, else with {@code provider}: the signature check is most of a CSR's cost,
     * and a gateway passes its {@link EllipticCurveProvider} here (native ECDSA where it loads).
     */
    public CsrVerifier(Set<KeyAlgorithm> allowedKeys, Provider provider, Provider signatures) {
        if (allowedKeys == null || allowedKeys.isEmpty()) {
            throw new IllegalArgumentException("allowedKeys must name at least one key type");
        }
        this.allowedKeys = Set.copyOf(allowedKeys);
        this.provider = Objects.requireNonNull(provider, "provider");
        this.signatures = Objects.requireNonNull(signatures, "signatures");
    }

    /** Checks one DER-encoded PKCS#10 request. Never throws for bad input. */
    public CsrCheck check(byte[] der) {
        if (der == null || der.length == 0) {
            return new CsrCheck.Refused(CsrRefusal.MALFORMED, "CSR is empty");
        }
        if (der.length > MAX_CSR_BYTES) {
            return new CsrCheck.Refused(CsrRefusal.MALFORMED, "CSR is " + der.length + " bytes, the limit is " + MAX_CSR_BYTES);
        }
        CertificationRequest request;
        byte[] body;
        try {
            request = CertificationRequest.getInstance(ASN1Primitive.fromByteArray(der));
            if (request == null || request.getCertificationRequestInfo() == null) {
                return new CsrCheck.Refused(CsrRefusal.MALFORMED, "CSR is not a PKCS#10 CertificationRequest");
            }
            body = request.getCertificationRequestInfo().getEncoded("DER");
        } catch (IOException | RuntimeException e) {
            return new CsrCheck.Refused(CsrRefusal.MALFORMED, "CSR is not valid DER: " + safeMessage(e));
        }
        SubjectPublicKeyInfo keyInfo = request.getCertificationRequestInfo().getSubjectPublicKeyInfo();
        KeyAlgorithm keyAlgorithm;
        PublicKey publicKey;
        try {
            keyAlgorithm = classify(keyInfo);
            publicKey = KeyFactory.getInstance(keyAlgorithm.jcaName(), provider)
                    .generatePublic(new X509EncodedKeySpec(keyInfo.getEncoded("DER")));
        } catch (KeyRefusal e) {
            return new CsrCheck.Refused(CsrRefusal.KEY_TYPE_NOT_ALLOWED, e.getMessage());
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new CsrCheck.Refused(CsrRefusal.KEY_TYPE_NOT_ALLOWED, "CSR public key does not decode: " + safeMessage(e));
        }
        if (keyAlgorithm.jcaName().equals("RSA")) {
            BigInteger exponent = ((RSAPublicKey) publicKey).getPublicExponent();
            if (!exponent.testBit(0) || exponent.compareTo(MIN_RSA_EXPONENT) < 0) {
                return new CsrCheck.Refused(CsrRefusal.KEY_TYPE_NOT_ALLOWED, "RSA public exponent must be odd and at least 65537");
            }
        }
        if (!allowedKeys.contains(keyAlgorithm)) {
            return new CsrCheck.Refused(CsrRefusal.KEY_TYPE_NOT_ALLOWED, keyAlgorithm.configName() + " keys are not allowed by the profile");
        }
        AlgorithmIdentifier signatureAlgorithm = request.getSignatureAlgorithm();
        String jcaSignature = (keyAlgorithm.jcaName().equals("EC") ? EC_SIGNATURES : RSA_SIGNATURES)
                .get(signatureAlgorithm.getAlgorithm());
        if (jcaSignature == null) {
            return new CsrCheck.Refused(CsrRefusal.SIGNATURE_ALGORITHM_NOT_ALLOWED,
                    "signature algorithm " + signatureAlgorithm.getAlgorithm().getId() + " is not allowed for a "
                            + keyAlgorithm.configName() + " key");
        }
        try {
            Provider verifying = signatures.getService("Signature", jcaSignature) != null ? signatures : provider;
            Signature verifier = Signature.getInstance(jcaSignature, verifying);
            verifier.initVerify(publicKey);
            verifier.update(body);
            if (!verifier.verify(request.getSignature().getOctets())) {
                return new CsrCheck.Refused(CsrRefusal.SIGNATURE_INVALID, "CSR signature does not verify with its public key");
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            return new CsrCheck.Refused(CsrRefusal.SIGNATURE_INVALID, "CSR signature is malformed: " + safeMessage(e));
        }
        return new CsrCheck.Accepted(publicKey, keyAlgorithm, request.getCertificationRequestInfo().getSubject().toString());
    }

    private static KeyAlgorithm classify(SubjectPublicKeyInfo keyInfo) throws KeyRefusal {
        ASN1ObjectIdentifier type = keyInfo.getAlgorithm().getAlgorithm();
        if (EC_KEY.equals(type)) {
            if (!(keyInfo.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier curve)) {
                throw new KeyRefusal("EC keys must name their curve (explicit curve parameters are not accepted)");
            }
            if (SECObjectIdentifiers.secp256r1.equals(curve)) {
                return KeyAlgorithm.EC_P256;
            }
            if (SECObjectIdentifiers.secp384r1.equals(curve)) {
                return KeyAlgorithm.EC_P384;
            }
            throw new KeyRefusal("EC curve " + curve.getId() + " is not allowed; use P-256 or P-384");
        }
        if (RSA_KEY.equals(type)) {
            org.bouncycastle.asn1.pkcs.RSAPublicKey rsa;
            try {
                rsa = org.bouncycastle.asn1.pkcs.RSAPublicKey.getInstance(keyInfo.parsePublicKey());
            } catch (IOException | RuntimeException e) {
                throw new KeyRefusal("RSA public key does not decode");
            }
            int bits = rsa.getModulus().bitLength();
            return switch (bits) {
                case 2048 -> KeyAlgorithm.RSA_2048;
                case 3072 -> KeyAlgorithm.RSA_3072;
                case 4096 -> KeyAlgorithm.RSA_4096;
                default -> throw new KeyRefusal("RSA modulus of " + bits + " bits is not allowed; use 2048, 3072 or 4096");
            };
        }
        throw new KeyRefusal("key algorithm " + type.getId() + " is not allowed; use EC P-256, P-384 or RSA");
    }

    private static String safeMessage(Exception e) {
        String message = e.getMessage();
        if (message == null) {
            return e.getClass().getSimpleName();
        }
        return message.length() > 120 ? message.substring(0, 120) : message;
    }

    /** Internal signal for a key that is well formed but not allowed. */
    private static final class KeyRefusal extends Exception {
        private static final long serialVersionUID = 1L;

        KeyRefusal(String message) {
            super(message, null, false, false);
        }
    }
}
