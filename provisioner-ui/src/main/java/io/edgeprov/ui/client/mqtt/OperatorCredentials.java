package io.edgeprov.ui.client.mqtt;

import io.edgeprov.ui.client.ConnectFailure;
import io.edgeprov.ui.client.ConnectFailure.Cause;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The operator's PKCS#12 file turned into a TLS context: their key and certificate for client
 * authentication, and as trust anchors the CA certificates of their own chain (the gateway's broker
 * certificate comes from the same CA hierarchy), plus any trusted-certificate entries in the file.
 *
 * <p>The password is read only while the file is opened and the key manager built (SunX509 copies
 * the key out then); the caller wipes it afterwards. Nothing here keeps or logs it.
 */
public final class OperatorCredentials {
    private final SSLContext context;
    private final X509Certificate certificate;

    private OperatorCredentials(SSLContext context, X509Certificate certificate) {
        this.context = context;
        this.certificate = certificate;
    }

    public static OperatorCredentials load(Path file, char[] password) throws ConnectFailure {
        if (file == null || !Files.isRegularFile(file)) {
            throw new ConnectFailure(Cause.NO_CERTIFICATE_FILE, file == null ? null : "no file at " + file);
        }
        KeyStore store;
        try (InputStream in = Files.newInputStream(file)) {
            store = KeyStore.getInstance("PKCS12");
            store.load(in, password);
        } catch (IOException e) {
            if (e.getCause() instanceof UnrecoverableKeyException || String.valueOf(e.getMessage()).contains("password")) {
                throw new ConnectFailure(Cause.WRONG_PASSWORD, null, e);
            }
            throw new ConnectFailure(Cause.NOT_A_CERTIFICATE_FILE, file.getFileName().toString(), e);
        } catch (GeneralSecurityException e) {
            throw new ConnectFailure(Cause.NOT_A_CERTIFICATE_FILE, file.getFileName().toString(), e);
        }
        try {
            String alias = keyAlias(store);
            Certificate[] chain = store.getCertificateChain(alias);
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            int n = 0;
            for (int i = 1; i < chain.length; i++) {
                trust.setCertificateEntry("chain-" + n++, chain[i]);
            }
            for (String a : Collections.list(store.aliases())) {
                if (store.isCertificateEntry(a)) {
                    trust.setCertificateEntry("trusted-" + n++, store.getCertificate(a));
                }
            }
            if (n == 0) {
                // A bare self-signed leaf: nothing says which gateway to trust, so trust none rather than all.
                throw new ConnectFailure(Cause.NO_OPERATOR_KEY, "the file holds no CA certificate to recognise the gateway by");
            }
            KeyManagerFactory keys = KeyManagerFactory.getInstance("SunX509");
            KeyStore only = KeyStore.getInstance("PKCS12");
            only.load(null, null);
            only.setKeyEntry("operator", store.getKey(alias, password), password, chain);
            keys.init(only, password);
            TrustManagerFactory trusts = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trusts.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(keys.getKeyManagers(), trusts.getTrustManagers(), null);
            return new OperatorCredentials(context, (X509Certificate) chain[0]);
        } catch (UnrecoverableKeyException e) {
            throw new ConnectFailure(Cause.WRONG_PASSWORD, null, e);
        } catch (GeneralSecurityException | IOException e) {
            throw new ConnectFailure(Cause.NOT_A_CERTIFICATE_FILE, e.getClass().getSimpleName(), e);
        }
    }

    private static String keyAlias(KeyStore store) throws KeyStoreException, ConnectFailure {
        List<String> keys = new ArrayList<>();
        for (String alias : Collections.list(store.aliases())) {
            if (store.isKeyEntry(alias) && store.getCertificateChain(alias) != null) {
                keys.add(alias);
            }
        }
        if (keys.size() != 1) {
            throw new ConnectFailure(Cause.NO_OPERATOR_KEY, keys.isEmpty() ? null : "the file holds " + keys.size() + " keys; one is expected");
        }
        return keys.get(0);
    }

    public SSLContext tlsContext() {
        return context;
    }

    /** The operator's own certificate (shown on the connect screen as who is connecting). */
    public X509Certificate certificate() {
        return certificate;
    }
}
