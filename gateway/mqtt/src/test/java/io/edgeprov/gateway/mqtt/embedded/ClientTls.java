package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.TestPki;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/** TLS for a test device: trusts the gateway CA, and presents a certificate when it has one. */
final class ClientTls {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();

    private ClientTls() {
    }

    static SSLSocketFactory socketFactory(X509Certificate trusted, Optional<TestPki.Credential> credential, boolean noDelay)
            throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-ca", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (credential.isPresent()) {
            keys.setKeyEntry("device", credential.get().key(), IN_MEMORY,
                    credential.get().chain().toArray(new X509Certificate[0]));
        }
        keyManagers.init(keys, IN_MEMORY);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return new io.edgeprov.gateway.mqtt.external.NoDelaySocketFactory(context.getSocketFactory(), noDelay);
    }
}
