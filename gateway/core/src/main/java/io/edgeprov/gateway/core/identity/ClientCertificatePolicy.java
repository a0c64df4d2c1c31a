package io.edgeprov.gateway.core.identity;

import io.edgeprov.contracts.device.DeviceId;

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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Derives a client's identity from its client id and the certificate chain it presented.
 *
 * <p>No chain means an unenrolled client known only by its id. A chain must lead to the gateway
 * CA, be within its validity at the injected clock, carry clientAuth, name exactly one device of
 * this fleet in its SAN URI, name the same device as the client id, and be recorded and not
 * revoked. Revocation is checked last and only for otherwise good certificates, so the registry is
 * not asked about certificates it never issued. Stateless apart from its collaborators; safe for
 * concurrent use.
 */
public final class ClientCertificatePolicy {
    private static final String CLIENT_AUTH = "1.3.6.1.5.5.7.3.2";
    private static final int SAN_URI = 6;

    private final X509Certificate gatewayCa;
    private final String devicePrefix;
    private final RevocationStatus revocation;
    private final Clock clock;

    public ClientCertificatePolicy(X509Certificate gatewayCa, FleetNaming naming, RevocationStatus revocation, Clock clock) {
        this.gatewayCa = Objects.requireNonNull(gatewayCa, "gatewayCa");
        this.devicePrefix = "spiffe://" + Objects.requireNonNull(naming, "naming").trustDomain() + "/device/";
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (gatewayCa.getBasicConstraints() < 0) {
            throw new IllegalArgumentException("gatewayCa is not a CA certificate");
        }
    }

    /**
     * @param clientId the MQTT client id (or the transport's equivalent); may be null or empty
     * @param chain    the presented chain, leaf first; empty when the client sent no certificate
     */
    public ConnectDecision check(String clientId, List<X509Certificate> chain) {
        Objects.requireNonNull(chain, "chain");
        if (DeviceId.RESERVED_CA.equals(clientId)) {
            return refuse(ConnectRefusal.CLIENT_ID_INVALID, "client id '" + clientId + "' is reserved");
        }
        if (!DeviceIds.isValid(clientId)) {
            return refuse(ConnectRefusal.CLIENT_ID_INVALID,
                    "client id must be 1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit");
        }
        if (chain.isEmpty()) {
            return new ConnectDecision.Accepted(new ClientIdentity.Unenrolled(clientId));
        }
        X509Certificate leaf = chain.get(0);
        Instant now = clock.instant();
        if (now.isAfter(leaf.getNotAfter().toInstant())) {
            return refuse(ConnectRefusal.CERTIFICATE_EXPIRED, "certificate expired at " + leaf.getNotAfter().toInstant());
        }
        if (now.isBefore(leaf.getNotBefore().toInstant())) {
            return refuse(ConnectRefusal.CERTIFICATE_NOT_YET_VALID,
                    "certificate is valid only from " + leaf.getNotBefore().toInstant());
        }
        if (leaf.getBasicConstraints() >= 0) {
            return refuse(ConnectRefusal.CERTIFICATE_UNTRUSTED, "a CA certificate cannot identify a device");
        }
        if (!chainsToGatewayCa(chain, now)) {
            return refuse(ConnectRefusal.CERTIFICATE_UNTRUSTED, "certificate does not chain to the gateway CA");
        }
        if (!hasClientAuth(leaf)) {
            return refuse(ConnectRefusal.CERTIFICATE_NOT_CLIENT_AUTH, "certificate lacks the clientAuth extended key usage");
        }
        List<String> named = deviceIdsNamedIn(leaf);
        if (named.size() != 1) {
            return refuse(ConnectRefusal.CERTIFICATE_NO_DEVICE_NAME,
                    "certificate must name exactly one device as " + devicePrefix + "<id>, found " + named.size());
        }
        if (!named.get(0).equals(clientId)) {
            return refuse(ConnectRefusal.CLIENT_ID_MISMATCH,
                    "certificate names device '" + named.get(0) + "' but the client id is '" + clientId + "'");
        }
        String serialHex = leaf.getSerialNumber().toString(16);
        RevocationStatus.Standing standing;
        try {
            standing = revocation.standing(serialHex);
        } catch (RuntimeException e) {
            return refuse(ConnectRefusal.REVOCATION_UNKNOWN, "revocation status of " + serialHex + " is unavailable");
        }
        return switch (standing) {
            case REVOKED -> refuse(ConnectRefusal.CERTIFICATE_REVOKED, "certificate " + serialHex + " is revoked");
            case UNRECORDED -> refuse(ConnectRefusal.CERTIFICATE_UNRECORDED,
                    "certificate " + serialHex + " was never recorded by this gateway");
            case GOOD -> new ConnectDecision.Accepted(new ClientIdentity.Device(clientId, serialHex));
        };
    }

    /**
     * The check for a transport whose clients choose no client id (CoAP over DTLS): the device id is
     * the one the certificate names, and every other rule of {@link #check} applies unchanged.
     *
     * @param chain the presented chain, leaf first; never empty
     */
    public ConnectDecision checkPresented(List<X509Certificate> chain) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("checkPresented needs a chain; a client without one is unenrolled");
        }
        List<String> named = deviceIdsNamedIn(chain.get(0));
        if (named.size() != 1) {
            return refuse(ConnectRefusal.CERTIFICATE_NO_DEVICE_NAME,
                    "certificate must name exactly one device as " + devicePrefix + "<id>, found " + named.size());
        }
        return check(named.get(0), chain);
    }

    private boolean chainsToGatewayCa(List<X509Certificate> chain, Instant now) {
        // The anchor and anything above it are not part of the path PKIX expects.
        List<X509Certificate> path = new ArrayList<>();
        for (X509Certificate certificate : chain) {
            if (certificate.equals(gatewayCa)) {
                break;
            }
            path.add(certificate);
        }
        try {
            CertPath certPath = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(gatewayCa, null)));
            // Revocation is the registry's job (RevocationStatus), not the CRL distribution point's.
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(certPath, parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean hasClientAuth(X509Certificate leaf) {
        try {
            List<String> usages = leaf.getExtendedKeyUsage();
            return usages != null && usages.contains(CLIENT_AUTH);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    private List<String> deviceIdsNamedIn(X509Certificate leaf) {
        List<String> ids = new ArrayList<>();
        try {
            Collection<List<?>> names = leaf.getSubjectAlternativeNames();
            if (names == null) {
                return ids;
            }
            for (List<?> name : names) {
                if (name.size() == 2 && Integer.valueOf(SAN_URI).equals(name.get(0)) && name.get(1) instanceof String uri
                        && uri.startsWith(devicePrefix)) {
                    ids.add(uri.substring(devicePrefix.length()));
                }
            }
        } catch (CertificateParsingException e) {
            return List.of();
        }
        return ids;
    }

    private static ConnectDecision refuse(ConnectRefusal reason, String detail) {
        return new ConnectDecision.Refused(reason, detail);
    }
}
