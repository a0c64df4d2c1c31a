package io.edgeprov.gateway.app;

import io.edgeprov.gateway.app.config.GatewayConfig.CaKey;
import io.edgeprov.gateway.app.config.GatewayConfig.SecretRef;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreConfig;
import io.edgeprov.pki.keys.CaKeyStoreException;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs11Config;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Opens the CA key store a configuration names, reading its secret from the file or variable it references. */
public final class CaKeyStores {
    private static final Pattern TOKEN = Pattern.compile("(?:slot:)?([0-9]{1,18})|index:([0-9]{1,4})");

    private CaKeyStores() {
    }

    /**
     * @param environment looks up environment variables (System::getenv in production)
     * @throws CaKeyStoreException naming the file, variable or token, never the secret
     */
    public static CaKeyStore open(CaKey caKey, Function<String, String> environment) throws CaKeyStoreException {
        if (caKey instanceof CaKey.Pkcs12 pkcs12) {
            return new CaKeyStoreConfig.Pkcs12File(pkcs12.path(), source(pkcs12.passphrase(), environment)).open();
        }
        CaKey.Pkcs11 pkcs11 = (CaKey.Pkcs11) caKey;
        return new CaKeyStoreConfig.Pkcs11Token(new Pkcs11Config(pkcs11.library(), token(pkcs11.tokenLabel()), pkcs11.keyAlias()),
                source(pkcs11.pin(), environment)).open();
    }

    /** Where a configured secret is read from. */
    public static PassphraseSource source(SecretRef ref, Function<String, String> environment) {
        if (ref instanceof SecretRef.FromFile file) {
            return PassphraseSource.fromFile(file.path());
        }
        return PassphraseSource.fromEnvironment(((SecretRef.FromEnvironment) ref).variable(), environment);
    }

    /**
     * SunPKCS11 selects tokens by slot, not label, so {@code ca.tokenLabel} names the slot: {@code slot:<id>}
     * (or just the id, as {@code softhsm2-util --show-slots} prints it) or {@code index:<n>}.
     */
    static Pkcs11Config.Token token(String text) throws CaKeyStoreException {
        Matcher matcher = TOKEN.matcher(text == null ? "" : text.trim());
        if (!matcher.matches()) {
            throw new CaKeyStoreException("ca.tokenLabel '" + text + "' does not name a slot; use slot:<id> (the slot id "
                    + "softhsm2-util --show-slots prints) or index:<n>");
        }
        return matcher.group(1) != null ? new Pkcs11Config.Slot(Long.parseLong(matcher.group(1)))
                : new Pkcs11Config.SlotListIndex(Integer.parseInt(matcher.group(2)));
    }
}
