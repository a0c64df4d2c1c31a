package io.edgeprov.sim.device.tls;

import java.security.Provider;
import java.security.Security;
import java.util.List;

/**
 * A JCA provider with one service, SHA256withECDSA over {@link TpmPrivateKey}s.
 *
 * <p>JSSE asks for its client signature with {@code Signature.getInstance(algorithm)} and lets
 * delayed provider selection pick the provider that accepts the key, so this provider has to be
 * installed in {@link Security}. {@link #install()} does that once, at the lowest priority: its
 * signature passes every other key on, so the search only ends here for those. (No
 * SupportedKeyClasses attribute: java.base cannot load our key class by name to check it.)
 */
public final class TpmKeyProvider extends Provider {
    private static final long serialVersionUID = 1L;
    /** The provider's name in {@link Security}. */
    public static final String NAME = "EdgeProvTpm";

    private TpmKeyProvider() {
        super(NAME, "1.0", "SHA256withECDSA signatures by a key inside a device TPM");
        putService(new Service(this, "Signature", "SHA256withECDSA", TpmEcdsaSignature.class.getName(),
                List.of("1.2.840.10045.4.3.2", "OID.1.2.840.10045.4.3.2"), null));
    }

    /**
     * Puts the provider first, or moves it there: for callers that keep one {@code Signature} per thread
     * and bind it on its first use (Scandium's DTLS), see {@link TpmEcdsaSignature}. Its signature hands
     * every key but a TPM key on to the next provider that accepts it, so the rest of the process keeps
     * the providers it had. Safe from any thread, any number of times.
     */
    public static Provider installFirst() {
        synchronized (Security.class) {
            Provider[] all = Security.getProviders();
            if (all.length > 0 && NAME.equals(all[0].getName())) {
                return all[0];
            }
            Provider provider = Security.getProvider(NAME);
            if (provider != null) {
                Security.removeProvider(NAME);
            } else {
                provider = new TpmKeyProvider();
            }
            Security.insertProviderAt(provider, 1);
            return provider;
        }
    }

    /** Installs the provider unless it is already installed; safe to call from any thread, any number of times. */
    public static Provider install() {
        synchronized (Security.class) {
            Provider present = Security.getProvider(NAME);
            if (present != null) {
                return present;
            }
            Provider provider = new TpmKeyProvider();
            Security.addProvider(provider);
            return provider;
        }
    }
}
