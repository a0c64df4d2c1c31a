package io.edgeprov.pki.keys;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.ContentVerifierProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;

/** Small CA certificates and keys for tests, built with BouncyCastle's certificate builder. */
final class TestCa {
    /** One provider for the whole test JVM would be static state; each helper instance builds its own. */
    final Provider bc = new BouncyCastleProvider();

    /** A CA key and its chain, leaf first. */
    record Ca(KeyPair keys, List<X509Certificate> chain) {
        Ca {
            chain = List.copyOf(chain);
        }

        PrivateKey privateKey() {
            return keys.getPrivate();
        }

        X509Certificate certificate() {
            return chain.get(0);
        }
    }

    KeyPair newP256KeyPair(Provider provider) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC", provider);
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A self-signed P-256 root with a BouncyCastle key. */
    Ca selfSignedRoot(String commonName) {
        KeyPair keys = newP256KeyPair(bc);
        return new Ca(keys, List.of(certificate(commonName, commonName, keys.getPublic(), signerFor(keys.getPrivate()))));
    }

    /** An intermediate signed by {@code root}, chain intermediate first. */
    Ca intermediateUnder(Ca root, String commonName) {
        KeyPair keys = newP256KeyPair(bc);
        String issuer = root.certificate().getSubjectX500Principal().getName();
        X509Certificate certificate = certificate(issuer, commonName, keys.getPublic(), signerFor(root.privateKey()));
        return new Ca(keys, List.of(certificate, root.certificate()));
    }

    ContentSigner signerFor(PrivateKey key) {
        try {
            return new JcaContentSignerBuilder("SHA256withECDSA").setProvider(bc).build(key);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CA certificate for {@code subjectKey}, signed by whatever {@code signer} holds. */
    static X509Certificate certificate(String issuer, String subject, PublicKey subjectKey, ContentSigner signer) {
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                new X500Name(issuer.startsWith("CN=") ? issuer : "CN=" + issuer),
                BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofMinutes(1))),
                Date.from(now.plus(Duration.ofDays(1))),
                new X500Name(subject.startsWith("CN=") ? subject : "CN=" + subject),
                subjectKey);
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signs a throwaway leaf certificate through {@code store} and reports whether the CA public key verifies it. */
    boolean signsVerifiably(CaKeyStore store) throws Exception {
        KeyPair leafKeys = newP256KeyPair(bc);
        String issuer = store.certificate().getSubjectX500Principal().getName();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(new X500Name(issuer), BigInteger.TEN,
                Date.from(Instant.now()), Date.from(Instant.now().plus(Duration.ofHours(1))),
                new X500Name("CN=device-1"), leafKeys.getPublic());
        X509CertificateHolder leaf = builder.build(store.newSigner());
        ContentVerifierProvider verifier = new JcaContentVerifierProviderBuilder().setProvider(bc).build(store.publicKey());
        return leaf.isSignatureValid(verifier);
    }
}
