package io.edgeprov.sim.device;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.ByteArrayInputStream;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A fleet root and a gateway CA made fresh for a test, plus helpers to issue device and server certificates. */
public final class GatewayPki {
    static final FleetNaming NAMING = new FleetNaming("Sim Test Fleet", "fleet.sim.test");
    private static final URI CRL = URI.create("http://gw.fleet.sim.test/crl/gw.crl");

    final SecureRandom random = new SecureRandom();
    public final X509Certificate root;
    final CertificateAuthority authority;

    public GatewayPki(Clock clock, Duration deviceLifetime) throws Exception {
        BouncyCastleProvider bc = new BouncyCastleProvider();
        CaHierarchy hierarchy = new CaHierarchy(NAMING, bc, random, clock);
        GeneratedCa fleetRoot = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
        this.root = fleetRoot.certificate();
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(fleetRoot.keyPair().getPrivate(), List.of(root), bc);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCa = hierarchy.signGatewayCa(rootStore, "gw1", gatewayKey.getPublic(), Duration.ofDays(365));
        SoftwareCaKeyStore gatewayStore = new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(gatewayCa, root), bc);
        this.authority = CertificateAuthority.builder().keyStore(gatewayStore)
                .profile(DeviceCertificateProfile.defaults(NAMING, CRL).withLifetime(deviceLifetime))
                .clock(clock).random(random).build();
    }

    /** The device certificate for {@code key}, then the gateway CA chain. */
    List<X509Certificate> deviceChain(String deviceId, PublicKey key) throws Exception {
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(parse(authority.issue(IssuanceRequest.of(deviceId, key)).der()));
        chain.addAll(authority.chain());
        return chain;
    }

    /** A loopback TLS server key and its certificate chain from the gateway CA. */
    ServerIdentity serverIdentity() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair keys = generator.generateKeyPair();
        X509Certificate leaf = parse(authority.issueServer("broker", keys.getPublic(), List.of("localhost"),
                List.of(InetAddress.getLoopbackAddress()), Duration.ofDays(1)).der());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(leaf);
        chain.addAll(authority.chain());
        return new ServerIdentity(keys, chain);
    }

    record ServerIdentity(KeyPair keys, List<X509Certificate> chain) {
    }

    static X509Certificate parse(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
