package io.edgeprov.sim.device.tls;

import io.edgeprov.pki.EllipticCurveProvider;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds a device's TLS client context: trust only the gateway's CA certificates, and present the
 * TPM-backed device certificate when there is one (none while the device is unenrolled).
 */
public final class DeviceTls {
    private DeviceTls() {
    }

    /**
     * @param trustAnchors the gateway CA chain or its root; every certificate becomes a trust anchor
     * @param keyManager   the device certificate and TPM key, or empty to connect without a certificate
     */
    public static SSLContext clientContext(List<X509Certificate> trustAnchors, Optional<TpmKeyManager> keyManager)
            throws GeneralSecurityException {
        Objects.requireNonNull(trustAnchors, "trustAnchors");
        if (trustAnchors.isEmpty()) {
            throw new IllegalArgumentException("trustAnchors: needs at least one gateway CA certificate");
        }
        TpmKeyProvider.install();
        // a fleet of simulated devices shares the gateway's two cores: keep its handshakes off SunEC too
        EllipticCurveProvider.installFirst();
        KeyStore trust = KeyStore.getInstance("PKCS12");
        try {
            trust.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException("cannot create an empty trust store", e);
        }
        for (int i = 0; i < trustAnchors.size(); i++) {
            trust.setCertificateEntry("gateway-ca-" + i, trustAnchors.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance("PKIX");
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        // An empty array, not null: null would make JSSE fall back to the JVM's default key store.
        KeyManager[] keys = keyManager.map(k -> new KeyManager[] {k}).orElseGet(() -> new KeyManager[0]);
        context.init(keys, trustManagers.getTrustManagers(), null);
        return context;
    }

    /**
     * Wraps a socket factory so that every socket it makes has TCP_NODELAY: Paho never sets it, and
     * small request/reply messages otherwise stall on delayed ACKs (PERFORMANCE.md, MQTT).
     */
    public static SSLSocketFactory noDelay(SSLSocketFactory delegate) {
        return new NoDelaySocketFactory(Objects.requireNonNull(delegate, "delegate"));
    }

    private static final class NoDelaySocketFactory extends SSLSocketFactory {
        private final SSLSocketFactory delegate;

        NoDelaySocketFactory(SSLSocketFactory delegate) {
            this.delegate = delegate;
        }

        private static Socket noDelay(Socket socket) throws IOException {
            socket.setTcpNoDelay(true);
            return socket;
        }

        @Override
        public Socket createSocket() throws IOException {
            return noDelay(delegate.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return noDelay(delegate.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return noDelay(delegate.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return noDelay(delegate.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return noDelay(delegate.createSocket(address, port, localAddress, localPort));
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return delegate.getDefaultCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return delegate.getSupportedCipherSuites();
        }
    }
}
