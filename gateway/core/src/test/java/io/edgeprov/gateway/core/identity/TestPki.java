package io.edgeprov.gateway.core.identity;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A fleet root and gateway CA made fresh at test time (no committed keys), and credentials they sign. */
public final class TestPki {
    public static final FleetNaming NAMING = new FleetNaming("Acme Devices", "fleet.acme.test");
    private static final URI CRL_URL = URI.create("http://gw1.fleet.acme.test/crl/gw1.crl");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final SecureRandom random = new SecureRandom();
    private final SoftwareCaKeyStore gatewayStore;
    private final X509Certificate rootCertificate;

    /** A private key with the chain that certifies it, leaf first. */
    public record Credential(PrivateKey key, List<X509Certificate> chain) {
        public Credential {
            chain = List.copyOf(chain);
        }

        public X509Certificate leaf() {
            return chain.get(0);
        }

        public String serialHex() {
            return leaf().getSerialNumber().toString(16);
        }

        @Override
        public String toString() {
            return "Credential[" + leaf().getSubjectX500Principal() + "]";
        }
    }

    public TestPki() throws Exception {
        this("gw1");
    }

    /** A hierarchy whose gateway CA is named after {@code gatewayId} ("gw1" for the gateway under test). */
    public TestPki(String gatewayId) throws Exception {
        Clock clock = Clock.systemUTC();
        CaHierarchy hierarchy = new CaHierarchy(NAMING, BC, random, clock);
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
        this.rootCertificate = root.certificate();
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), BC);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCert = hierarchy.signGatewayCa(rootStore, gatewayId, gatewayKey.getPublic(), Duration.ofDays(365));
        this.gatewayStore = new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(gatewayCert, root.certificate()), BC);
    }

    public X509Certificate gatewayCa() {
        return gatewayStore.certificate();
    }

    public X509Certificate root() {
        return rootCertificate;
    }

    /** A device certificate for {@code deviceId}, valid from a few minutes ago for a day. */
    public Credential device(String deviceId) throws Exception {
        return deviceIssuedAt(deviceId, Clock.systemUTC());
    }

    /** A device certificate as the CA would have issued it at {@code clock}'s time (24 h lifetime). */
    public Credential deviceIssuedAt(String deviceId, Clock clock) throws Exception {
        KeyPair key = KeyAlgorithm.EC_P256.generate(BC, random);
        IssuedCertificate issued = authority(clock).issue(IssuanceRequest.of(deviceId, key.getPublic()));
        return new Credential(key.getPrivate(), List.of(issued.toX509(), gatewayCa()));
    }

    /** A device certificate that expired an hour ago. */
    public Credential expiredDevice(String deviceId) throws Exception {
        return deviceIssuedAt(deviceId, Clock.fixed(Instant.now().minus(Duration.ofHours(25)), ZoneOffset.UTC));
    }

    /** The broker's TLS certificate for 127.0.0.1 and localhost. */
    public Credential server() throws Exception {
        KeyPair key = KeyAlgorithm.EC_P256.generate(BC, random);
        IssuedCertificate issued = authority(Clock.systemUTC()).issueServer("gw1-broker", key.getPublic(),
                List.of("localhost"), List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(30));
        return new Credential(key.getPrivate(), List.of(issued.toX509(), gatewayCa()));
    }

    private CertificateAuthority authority(Clock clock) throws Exception {
        return CertificateAuthority.builder()
                .keyStore(gatewayStore)
                .profile(DeviceCertificateProfile.defaults(NAMING, CRL_URL))
                .clock(clock)
                .random(random)
                .build();
    }
}
