package io.edgeprov.pki.keys;

import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.List;

/** One logged-in view of the CA key on a token: the seam that lets tests break sessions at will. */
interface TokenSession {

    /** Signs {@code data} with the CA key; PKCS#11 trouble surfaces as ProviderException or GeneralSecurityException. */
    byte[] sign(String algorithm, byte[] data) throws GeneralSecurityException;

    /** The CA certificate chain found with the key, leaf first. */
    List<X509Certificate> chain();

    /** Opens and re-opens sessions on one token. */
    interface Factory {
        TokenSession open() throws CaKeyStoreException;

        /** A working session to replace {@code broken}: log in again, or rebuild the provider if that fails. */
        TokenSession reopen(TokenSession broken) throws CaKeyStoreException;
    }
}
