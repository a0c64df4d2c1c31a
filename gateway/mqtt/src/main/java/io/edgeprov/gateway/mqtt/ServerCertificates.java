package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.mqtt.external.ServerCredential;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.PkiException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A fresh TLS server certificate for a broker listener, from the gateway CA, made at every start so
 * that its key lives only in memory: SAN {@code localhost}, loopback, and the configured host.
 */
public final class ServerCertificates {
    /** How long a broker's server certificate is valid; a gateway restarts well within it. */
    public static final Duration DEFAULT_LIFETIME = Duration.ofDays(30);

    private ServerCertificates() {
    }

    public static ServerCredential issue(CertificateAuthority ca, String gatewayId, String host, Duration lifetime,
            SecureRandom random) throws PartStartException {
        List<String> dnsNames = new ArrayList<>(List.of("localhost"));
        List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
        if (isIpLiteral(host)) {
            InetAddress address = literal(host);
            if (!address.isAnyLocalAddress() && !addresses.contains(address)) {
                addresses.add(address);
            }
        } else if (!dnsNames.contains(host)) {
            dnsNames.add(host);
        }
        KeyPair key = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), random);
        try {
            IssuedCertificate issued = ca.issueServer(gatewayId, key.getPublic(), dnsNames, addresses, lifetime);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(issued.toX509());
            chain.addAll(ca.chain());
            return new ServerCredential(key.getPrivate(), chain);
        } catch (PkiException | CertificateException | IllegalArgumentException e) {
            throw new PartStartException("cannot issue the broker's TLS server certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static InetAddress literal(String ip) throws PartStartException {
        try {
            // A literal is parsed, never resolved, so this does no DNS lookup.
            return InetAddress.getByName(ip);
        } catch (UnknownHostException e) {
            throw new PartStartException("'" + ip + "' is not an IP address", e);
        }
    }
}
