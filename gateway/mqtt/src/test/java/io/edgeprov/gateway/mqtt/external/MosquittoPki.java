package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.CrlReason;
import io.edgeprov.pki.crl.RevokedCertificate;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.URI;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A fleet root and gateway CA made at test time (no committed keys), the credentials they sign, and CRLs. */
final class MosquittoPki {
    static final FleetNaming NAMING = new FleetNaming("Acme Devices", "fleet.acme.test");
    static final String GATEWAY_ID = "gw1-gateway";
    private static final URI CRL_URL = URI.create("http://gw1.fleet.acme.test/crl/gw1.crl");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final SecureRandom random = new SecureRandom();
    private final Clock clock = Clock.systemUTC();
    private final SoftwareCaKeyStore gatewayStore;
    private final X509Certificate root;
    private final CertificateAuthority authority;
    private final AtomicLong crlNumber = new AtomicLong();

    MosquittoPki(String gatewayName) throws Exception {
        CaHierarchy hierarchy = new CaHierarchy(NAMING, BC, random, clock);
        GeneratedCa fleetRoot = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
        this.root = fleetRoot.certificate();
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(fleetRoot.keyPair().getPrivate(), List.of(root), BC);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCa = hierarchy.signGatewayCa(rootStore, gatewayName, gatewayKey.getPublic(), Duration.ofDays(365));
        this.gatewayStore = new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(gatewayCa, root), BC);
        this.authority = CertificateAuthority.builder()
                .keyStore(gatewayStore)
                .profile(DeviceCertificateProfile.defaults(NAMING, CRL_URL))
                .clock(clock)
                .random(random)
                .build();
    }

    /** The gateway CA that issues device and gateway certificates, as the gateway's front ends use it. */
    CertificateAuthority authority() {
        return authority;
    }

    /** The gateway CA's key, which signs the CRLs of the gateway's revocation use case. */
    SoftwareCaKeyStore caKeyStore() {
        return gatewayStore;
    }

    X509Certificate gatewayCa() {
        return gatewayStore.certificate();
    }

    /** What client certificates must chain to: the gateway CA and the fleet root. */
    List<X509Certificate> trusted() {
        return List.of(gatewayCa(), root);
    }

    /** A client certificate whose CN is {@code id}: a device, or the gateway's own service id. */
    ServerCredential client(String id) throws Exception {
        KeyPair key = KeyAlgorithm.EC_P256.generate(BC, random);
        IssuedCertificate issued = authority.issue(IssuanceRequest.of(id, key.getPublic()));
        return new ServerCredential(key.getPrivate(), List.of(issued.toX509(), gatewayCa()));
    }

    /** Mosquitto's server certificate for 127.0.0.1 and localhost. */
    ServerCredential server() throws Exception {
        KeyPair key = KeyAlgorithm.EC_P256.generate(BC, random);
        IssuedCertificate issued = authority.issueServer("gw1-broker", key.getPublic(), List.of("localhost"),
                List.of(InetAddress.getByName("127.0.0.1")), Duration.ofDays(30));
        return new ServerCredential(key.getPrivate(), List.of(issued.toX509(), gatewayCa()));
    }

    /** A fresh CRL of the gateway CA revoking {@code revoked}, with a higher number than the last. */
    byte[] crl(ServerCredential... revoked) throws Exception {
        List<RevokedCertificate> entries = java.util.Arrays.stream(revoked)
                .map(credential -> new RevokedCertificate(credential.leaf().getSerialNumber(), clock.instant(),
                        CrlReason.KEY_COMPROMISE))
                .toList();
        return new CrlBuilder(gatewayStore, clock)
                .build(BigInteger.valueOf(crlNumber.incrementAndGet()), entries, Duration.ofDays(1))
                .der();
    }
}
