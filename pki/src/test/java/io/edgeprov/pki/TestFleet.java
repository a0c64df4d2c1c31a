package io.edgeprov.pki;

import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.net.URI;
import java.security.KeyPair;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** A fleet root, a gateway CA and a device CA made fresh for each test (no committed keys). */
final class TestFleet {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();
    static final FleetNaming NAMING = new FleetNaming("Acme Devices", "fleet.acme.test");
    static final URI CRL_URL = URI.create("http://gw1.fleet.acme.test/crl/gw1.crl");

    final Clock clock;
    final SecureRandom random = new SecureRandom();
    final GeneratedCa root;
    final SoftwareCaKeyStore rootStore;
    final SoftwareCaKeyStore gatewayStore;
    final CaHierarchy hierarchy;

    TestFleet() throws Exception {
        this(Clock.fixed(Instant.now(), ZoneOffset.UTC));
    }

    TestFleet(Clock clock) throws Exception {
        this.clock = clock;
        this.hierarchy = new CaHierarchy(NAMING, BC, random, clock);
        this.root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P384, Duration.ofDays(3650));
        this.rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), BC);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCert = hierarchy.signGatewayCa(rootStore, "gw1", gatewayKey.getPublic(), Duration.ofDays(365));
        this.gatewayStore = new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(gatewayCert, root.certificate()), BC);
    }

    CertificateAuthority authority() throws PkiException {
        return authority(DeviceCertificateProfile.defaults(NAMING, CRL_URL));
    }

    CertificateAuthority authority(DeviceCertificateProfile profile) throws PkiException {
        return CertificateAuthority.builder().keyStore(gatewayStore).profile(profile).clock(clock).random(random).build();
    }

    X509Certificate gatewayCertificate() {
        return gatewayStore.certificate();
    }

    static KeyPair deviceKey(KeyAlgorithm algorithm) {
        return algorithm.generate(BC, new SecureRandom());
    }

    /** A PKCS#10 request for {@code key}, signed by {@code signer} with {@code algorithm}. */
    static byte[] csr(String subject, PublicKey key, KeyPair signer, String algorithm) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), key)
                .build(new JcaContentSignerBuilder(algorithm).setProvider(BC).build(signer.getPrivate()))
                .getEncoded();
    }

    static byte[] csr(KeyPair key) throws Exception {
        String algorithm = key.getPublic().getAlgorithm().startsWith("EC") ? "SHA256withECDSA" : "SHA256withRSA";
        return csr("CN=whatever-the-device-wants", key.getPublic(), key, algorithm);
    }
}
