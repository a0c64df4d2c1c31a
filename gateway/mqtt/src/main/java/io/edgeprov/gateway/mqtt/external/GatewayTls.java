package io.edgeprov.gateway.mqtt.external;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS for the gateway's own client: its certificate, trust in the gateway CA and root, TCP_NODELAY. */
public final class GatewayTls {
    /** The key store lives only in memory, so its password protects nothing and is not a secret. */
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private GatewayTls() {
    }

    /**
     * @param client  the gateway's client certificate (CN = the gateway id) and key
     * @param trusted the CAs the broker's server certificate must chain to
     * @param noDelay whether sockets set TCP_NODELAY (leave on; off only to measure the difference)
     */
    public static SSLSocketFactory socketFactory(ServerCredential client, List<X509Certificate> trusted, boolean noDelay,
            SecureRandom random) throws ExternalBrokerException {
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(trusted, "trusted");
        Objects.requireNonNull(random, "random");
        if (trusted.isEmpty()) {
            throw new IllegalArgumentException("trusted must hold at least one CA certificate");
        }
        try {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            for (int i = 0; i < trusted.size(); i++) {
                trust.setCertificateEntry("ca-" + i, trusted.get(i));
            }
            TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trustManagers.init(trust);
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(null, null);
            keys.setKeyEntry("gateway", client.key(), IN_MEMORY, client.chain().toArray(new X509Certificate[0]));
            KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(keys, IN_MEMORY);
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), random);
            return new NoDelaySocketFactory(context.getSocketFactory(), noDelay);
        } catch (GeneralSecurityException | IOException e) {
            throw new ExternalBrokerException(ExternalBrokerFailure.TLS_SETUP_FAILED,
                    "cannot set up TLS for " + client + ": " + e.getClass().getSimpleName(), e);
        }
    }
}
