package io.edgeprov.gateway.sync;

import io.edgeprov.pki.keys.SignatureAlgorithms;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * This gateway's long-lived fleet identity: the key it signs sync pages with and the certificate chain
 * (from the fleet root) that proves who it is. The key never leaves this object except to TLS.
 */
public final class GatewayIdentity {
    private final String gatewayId;
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    public GatewayIdentity(String gatewayId, PrivateKey key, List<X509Certificate> chain) {
        this.gatewayId = Objects.requireNonNull(gatewayId, "gatewayId");
        this.key = Objects.requireNonNull(key, "key");
        this.chain = List.copyOf(chain);
        if (this.chain.isEmpty()) {
            throw new IllegalArgumentException("a gateway identity needs its certificate");
        }
    }

    public String gatewayId() {
        return gatewayId;
    }

    /** Leaf first. */
    public List<X509Certificate> chain() {
        return chain;
    }

    /** The private key, for the upstream TLS client handshake only. */
    PrivateKey key() {
        return key;
    }

    /** Signs with the identity key, with the algorithm its certificate's key calls for. */
    public byte[] sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(algorithm());
            signature.initSign(key);
            signature.update(data);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the gateway identity key cannot sign: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The JCA signature algorithm for this identity's key. */
    public String algorithm() {
        return SignatureAlgorithms.forKey(chain.get(0).getPublicKey());
    }

    @Override
    public String toString() {
        return "GatewayIdentity[" + gatewayId + "]";
    }
}
