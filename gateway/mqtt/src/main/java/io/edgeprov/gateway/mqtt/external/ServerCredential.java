package io.edgeprov.gateway.mqtt.external;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * A TLS key with the chain that certifies it, leaf first: Mosquitto's server certificate, or the
 * gateway's own client certificate. {@link #toString()} never shows the key.
 */
public record ServerCredential(PrivateKey key, List<X509Certificate> chain) {
    public ServerCredential {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain must hold at least the leaf certificate");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.get(0);
    }

    @Override
    public String toString() {
        return "ServerCredential[" + leaf().getSubjectX500Principal() + ", chain of " + chain.size() + "]";
    }
}
