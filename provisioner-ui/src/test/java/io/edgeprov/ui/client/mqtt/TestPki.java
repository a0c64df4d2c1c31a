package io.edgeprov.ui.client.mqtt;

import java.io.OutputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A CA made at test time, issuing operator and server certificates (nothing is checked in). */
final class TestPki {
    private final KeyPair caKey;
    private final X509Certificate ca;
    private final SecureRandom random = new SecureRandom();

    TestPki(String name) throws Exception {
        caKey = ec();
        ca = sign(new X500Name("CN=" + name), caKey, new X500Name("CN=" + name), caKey.getPrivate(), true, null);
    }

    private static KeyPair ec() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
        g.initialize(new ECGenParameterSpec("secp256r1"));
        return g.generateKeyPair();
    }

    private X509Certificate sign(X500Name subject, KeyPair key, X500Name issuer, PrivateKey signer, boolean isCa, String dns)
            throws Exception {
        Instant now = Instant.now();
        JcaX509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, random).abs().add(BigInteger.ONE),
                Date.from(now.minusSeconds(60)), Date.from(now.plus(Duration.ofDays(1))), subject, key.getPublic());
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(isCa));
        if (dns != null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                new GeneralName(GeneralName.dNSName, dns), new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signer)));
    }

    /** An operator's PKCS#12: their key and certificate (CN = name) with this CA in the chain. */
    Path operatorFile(Path folder, String name, char[] password) throws Exception {
        KeyPair key = ec();
        X509Certificate cert = sign(new X500Name("CN=" + name), key, new X500Name(ca.getSubjectX500Principal().getName()),
                caKey.getPrivate(), false, null);
        KeyStore p12 = KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("operator", key.getPrivate(), password, new Certificate[] {cert, ca});
        Path file = folder.resolve(name + ".p12");
        try (OutputStream out = Files.newOutputStream(file)) {
            p12.store(out, password);
        }
        return file;
    }

    /** A server key store (localhost) from this CA, for a TLS listener in a test. */
    KeyStore serverStore(char[] password) throws Exception {
        KeyPair key = ec();
        X509Certificate cert = sign(new X500Name("CN=localhost"), key, new X500Name(ca.getSubjectX500Principal().getName()),
                caKey.getPrivate(), false, "localhost");
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key.getPrivate(), password, new Certificate[] {cert, ca});
        return store;
    }
}
