package io.edgeprov.gateway.sync;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** A fleet root made at test time, and gateway identities signed by it (or by an outsider's root). */
final class GivenFleet {
    static final FleetNaming NAMING = new FleetNaming("Acme", "fleet.acme.test");
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    final GeneratedCa root;
    private final CaHierarchy hierarchy;

    GivenFleet() throws Exception {
        hierarchy = new CaHierarchy(NAMING, BC, new SecureRandom(), Clock.systemUTC());
        root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(3650));
    }

    FleetTrust trust() {
        return new FleetTrust(root.certificate(), NAMING, Clock.systemUTC());
    }

    GatewayIdentity identity(String gatewayId, String... authority) throws Exception {
        KeyPair key = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        try (SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), BC)) {
            X509Certificate certificate = hierarchy.signGatewayIdentity(rootStore, gatewayId, key.getPublic(),
                    List.of(authority), Duration.ofDays(365));
            return new GatewayIdentity(gatewayId, key.getPrivate(), List.of(certificate, root.certificate()));
        }
    }
}
