package io.edgeprov.gateway.app;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.sync.FleetPages;
import io.edgeprov.gateway.sync.FleetSync;
import io.edgeprov.gateway.sync.FleetTrust;
import io.edgeprov.gateway.sync.GatewayIdentity;
import io.edgeprov.gateway.sync.UpstreamSettings;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.keys.Passphrase;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds the upstream sync part from the {@code upstream} section: the gateway's fleet identity from its
 * PKCS#12 file, the fleet root the other gateways' pages must chain to, and TLS to the brokers with the
 * identity as client certificate. Every failure names the file and never the secret.
 */
final class UpstreamSyncs {
    private UpstreamSyncs() {
    }

    static FleetSync build(GatewayConfig config, GatewayConfig.Upstream upstream, SqliteRegistry registry,
            RevocationService revocation, Clock clock, Function<String, String> environment) throws GatewayStartException {
        GatewayIdentity identity = identity(config.gatewayId(), upstream, environment);
        List<X509Certificate> roots = certificates(upstream.fleetRoot(), "upstream.fleetRoot");
        if (roots.size() != 1) {
            throw new GatewayStartException(StartFailure.UPSTREAM, "upstream.fleetRoot " + upstream.fleetRoot()
                    + " must hold exactly one certificate, the fleet root; it holds " + roots.size(), null);
        }
        FleetNaming naming = new FleetNaming(config.fleet().organization(), config.fleet().trustDomain());
        FleetTrust trust = new FleetTrust(roots.get(0), naming, clock);
        FleetPages pages = new FleetPages(trust);
        try {
            // The identity must be a fleet member itself, or every other gateway would refuse its pages.
            var member = trust.member(identity.chain());
            if (!member.gatewayId().equals(config.gatewayId())) {
                throw new GatewayStartException(StartFailure.UPSTREAM, "upstream.identity " + upstream.identity()
                        + " names gateway " + member.gatewayId() + ", not this gateway " + config.gatewayId(), null);
            }
        } catch (io.edgeprov.gateway.sync.FleetEventException e) {
            throw new GatewayStartException(StartFailure.UPSTREAM, "upstream.identity " + upstream.identity()
                    + " is not a gateway identity of this fleet: " + e.getMessage(), e);
        }
        Optional<javax.net.ssl.SSLSocketFactory> tls = Optional.empty();
        if (upstream.brokers().stream().anyMatch(uri -> "ssl".equals(uri.getScheme()))) {
            List<X509Certificate> brokerTrust = upstream.brokerTrust().isPresent()
                    ? certificates(upstream.brokerTrust().get(), "upstream.brokerTrust") : roots;
            tls = Optional.of(tls(identity, upstream, brokerTrust, environment));
        }
        Optional<char[]> password = Optional.empty();
        if (upstream.password().isPresent()) {
            try (Passphrase secret = CaKeyStores.source(upstream.password().get(), environment).read()) {
                password = Optional.of(secret.copyChars());
            } catch (RuntimeException | io.edgeprov.pki.keys.CaKeyStoreException e) {
                // Passphrase sources say which file or variable and what is wrong with it, never the secret.
                throw new GatewayStartException(StartFailure.UPSTREAM, "cannot read the upstream password: "
                        + e.getMessage(), e);
            }
        }
        UpstreamSettings settings = new UpstreamSettings(upstream.brokers(), tls, upstream.username(), password,
                Duration.ofSeconds(5));
        return new FleetSync(identity, settings, pages, revocation, registry.revocations(), registry.commands(),
                registry.auditLog(), clock);
    }

    private static GatewayIdentity identity(String gatewayId, GatewayConfig.Upstream upstream,
            Function<String, String> environment) throws GatewayStartException {
        Path file = upstream.identity();
        try (Passphrase secret = CaKeyStores.source(upstream.identityPassphrase(), environment).read();
                InputStream in = Files.newInputStream(file)) {
            char[] chars = secret.copyChars();
            try {
                KeyStore store = KeyStore.getInstance("PKCS12");
                store.load(in, chars);
                for (String alias : Collections.list(store.aliases())) {
                    Key key = store.getKey(alias, chars);
                    if (key instanceof PrivateKey privateKey) {
                        List<X509Certificate> chain = new ArrayList<>();
                        for (Certificate certificate : store.getCertificateChain(alias)) {
                            chain.add((X509Certificate) certificate);
                        }
                        return new GatewayIdentity(gatewayId, privateKey, chain);
                    }
                }
            } finally {
                java.util.Arrays.fill(chars, '\0');
            }
            throw new GatewayStartException(StartFailure.UPSTREAM, "upstream.identity " + file + " holds no private key", null);
        } catch (IOException | GeneralSecurityException | RuntimeException | io.edgeprov.pki.keys.CaKeyStoreException e) {
            throw new GatewayStartException(StartFailure.UPSTREAM, "cannot read upstream.identity " + file
                    + " (wrong passphrase, or not a PKCS#12 file): " + e.getClass().getSimpleName(), e);
        }
    }

    private static javax.net.ssl.SSLSocketFactory tls(GatewayIdentity identity, GatewayConfig.Upstream upstream,
            List<X509Certificate> trusted, Function<String, String> environment) throws GatewayStartException {
        try {
            char[] transient_ = new char[] {'x'};
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("identity", identityKey(identity), transient_, identity.chain().toArray(X509Certificate[]::new));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, transient_);
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                trust.setCertificateEntry("trusted-" + i, trusted.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
            return context.getSocketFactory();
        } catch (GeneralSecurityException | IOException e) {
            throw new GatewayStartException(StartFailure.UPSTREAM, "cannot set up TLS to the upstream broker: "
                    + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    private static PrivateKey identityKey(GatewayIdentity identity) {
        return FleetSync.tlsKey(identity);
    }

    private static List<X509Certificate> certificates(Path file, String key) throws GatewayStartException {
        try (InputStream in = Files.newInputStream(file)) {
            List<X509Certificate> certificates = new ArrayList<>();
            for (Certificate certificate : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                certificates.add((X509Certificate) certificate);
            }
            if (certificates.isEmpty()) {
                throw new GatewayStartException(StartFailure.UPSTREAM, key + " " + file + " holds no certificate", null);
            }
            return certificates;
        } catch (IOException | GeneralSecurityException e) {
            throw new GatewayStartException(StartFailure.UPSTREAM, "cannot read " + key + " " + file + ": "
                    + e.getClass().getSimpleName(), e);
        }
    }
}
