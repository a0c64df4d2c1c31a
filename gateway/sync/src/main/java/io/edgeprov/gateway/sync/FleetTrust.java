package io.edgeprov.gateway.sync;

import io.edgeprov.pki.FleetNaming;
import java.security.GeneralSecurityException;
import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Decides which gateways belong to the fleet: a certificate chain that validates to the fleet root
 * (PKIX, at the current time), whose leaf is a gateway identity (clientAuth, digitalSignature, not a
 * CA) naming exactly one gateway of this trust domain by SAN URI. Its authority URIs say which devices
 * it may decide about. No revocation check of gateway identities: they are long-lived and replaced by
 * re-issuing; see docs/upstream-broker.md.
 */
public final class FleetTrust {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int URI_NAME = 6;

    private final X509Certificate fleetRoot;
    private final FleetNaming naming;
    private final Clock clock;

    public FleetTrust(X509Certificate fleetRoot, FleetNaming naming, Clock clock) {
        this.fleetRoot = Objects.requireNonNull(fleetRoot, "fleetRoot");
        this.naming = Objects.requireNonNull(naming, "naming");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The member the chain proves, or the refusal (UNTRUSTED_CHAIN) saying why not. */
    public FleetMember member(List<X509Certificate> chain) throws FleetEventException {
        if (chain.isEmpty()) {
            throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "no certificate");
        }
        X509Certificate leaf = chain.get(0);
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            List<X509Certificate> path = new ArrayList<>(chain);
            path.removeIf(c -> c.equals(fleetRoot));
            CertPath certPath = factory.generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(fleetRoot, null)));
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(clock.instant()));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
        } catch (GeneralSecurityException e) {
            throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "the certificate of "
                    + leaf.getSubjectX500Principal().getName() + " does not chain to the fleet root: " + e.getMessage());
        }
        if (leaf.getBasicConstraints() >= 0) {
            throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "a CA certificate is not a gateway identity");
        }
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            if (usages == null || !usages.contains(CLIENT_AUTH)) {
                throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "the certificate lacks clientAuth");
            }
            String prefix = "spiffe://" + naming.trustDomain() + "/gateway/";
            String gatewayId = null;
            List<String> authority = new ArrayList<>();
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            for (List<?> name : names == null ? List.<List<?>>of() : names) {
                if (!Integer.valueOf(URI_NAME).equals(name.get(0))) {
                    continue;
                }
                String uri = String.valueOf(name.get(1));
                if (uri.startsWith(prefix)) {
                    if (gatewayId != null) {
                        throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "the certificate names two gateways");
                    }
                    gatewayId = uri.substring(prefix.length());
                } else if (uri.startsWith(FleetNaming.AUTHORITY_URN_PREFIX)) {
                    authority.add(uri.substring(FleetNaming.AUTHORITY_URN_PREFIX.length()));
                }
            }
            if (gatewayId == null) {
                throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "the certificate names no gateway of "
                        + naming.trustDomain());
            }
            return new FleetMember(gatewayId, new DeviceAuthority(authority));
        } catch (CertificateParsingException e) {
            throw new FleetEventException(FleetEventRefusal.UNTRUSTED_CHAIN, "unreadable certificate extensions");
        }
    }
}
