package io.edgeprov.sim.device.tls;

import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.net.Socket;
import java.security.Principal;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Presents one device certificate chain whose key lives in the TPM.
 *
 * <p>It offers the chain whatever issuers the server lists: the JDK's own key manager silently
 * sends nothing when the issuer is missing from that list, and a device should rather be refused
 * visibly by the gateway than arrive certificate-less (BROKER-NOTES.md, trap 10).
 */
public final class TpmKeyManager extends X509ExtendedKeyManager {
    /** The only alias this key manager knows. */
    public static final String ALIAS = "device";

    private final X509Certificate[] chain;
    private final TpmPrivateKey key;

    /**
     * @param chain the device certificate first, then its issuers; its public key must be the TPM key's
     */
    public TpmKeyManager(DeviceTpm tpm, TpmKeyHandle handle, List<X509Certificate> chain) {
        Objects.requireNonNull(chain, "chain");
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least the device certificate");
        }
        if (!(chain.get(0).getPublicKey() instanceof ECPublicKey publicKey)) {
            throw new IllegalArgumentException("chain: the device certificate's key is not an EC key");
        }
        this.chain = chain.toArray(X509Certificate[]::new);
        this.key = new TpmPrivateKey(tpm, handle, publicKey);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return "EC".equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
        return keyTypes != null && Arrays.asList(keyTypes).contains("EC") ? ALIAS : null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
        return chooseClientAlias(keyTypes, issuers, null);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return null;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public TpmPrivateKey getPrivateKey(String alias) {
        return ALIAS.equals(alias) ? key : null;
    }
}
