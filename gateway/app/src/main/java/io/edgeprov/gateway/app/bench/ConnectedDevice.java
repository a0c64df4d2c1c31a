package io.edgeprov.gateway.app.bench;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * A device connected to the gateway's broker with its certificate, over the least MQTT 5 a watcher needs:
 * a TLS 1.3 handshake with the device's key, one CONNECT, then a thread that reads whatever the broker
 * sends until it closes the connection, and notes when (the {@link System#nanoTime} of the end of stream).
 */
final class ConnectedDevice implements AutoCloseable {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final int TIMEOUT_MS = 10_000;

    private final SSLSocket socket;
    private final CompletableFuture<Long> closedAt = new CompletableFuture<>();

    private ConnectedDevice(SSLSocket socket) {
        this.socket = socket;
    }

    /**
     * Connects as {@code deviceId} and returns once the broker accepted the CONNECT.
     *
     * @throws IOException when the handshake fails or the CONNACK refuses the device
     */
    static ConnectedDevice connect(InetSocketAddress broker, List<X509Certificate> trusted, String deviceId, PrivateKey key,
            List<X509Certificate> chain) throws Exception {
        SSLSocket socket = (SSLSocket) context(trusted, key, chain).getSocketFactory().createSocket();
        try {
            socket.connect(broker, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            int code = connect(socket, deviceId);
            if (code != 0) {
                throw new IOException("the broker refused " + deviceId + " with CONNACK reason 0x" + Integer.toHexString(code));
            }
            // From now on the reader waits as long as the connection lives.
            socket.setSoTimeout(0);
        } catch (Exception e) {
            socket.close();
            throw e;
        }
        ConnectedDevice device = new ConnectedDevice(socket);
        Thread reader = new Thread(device::readUntilClosed, "bench-device-" + deviceId);
        reader.setDaemon(true);
        reader.start();
        return device;
    }

    /** Completes with the {@link System#nanoTime} at which the broker closed the connection. */
    CompletableFuture<Long> closedAt() {
        return closedAt;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    private void readUntilClosed() {
        try (InputStream in = socket.getInputStream()) {
            byte[] buffer = new byte[4096];
            while (in.read(buffer) != -1) {
                // the revocation notice, a DISCONNECT: whatever comes before the close
            }
        } catch (IOException e) {
            // reset by the broker, or closed here: the connection ended either way
        }
        closedAt.complete(System.nanoTime());
    }

    private static SSLContext context(List<X509Certificate> trusted, PrivateKey key, List<X509Certificate> chain) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            trust.setCertificateEntry("trusted-" + i, trusted.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        keys.setKeyEntry("device", key, IN_MEMORY, chain.toArray(X509Certificate[]::new));
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, IN_MEMORY);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        return context;
    }

    /** Sends an MQTT 5 CONNECT (clean start, keep-alive 60 s, no will) and returns the CONNACK's reason code. */
    private static int connect(SSLSocket socket, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0};
        int remaining = variableHeader.length + 2 + id.length;
        if (remaining > 127) {
            throw new IllegalArgumentException("client id too long for a one-byte remaining length: " + clientId);
        }
        OutputStream out = socket.getOutputStream();
        out.write(0x10);
        out.write(remaining);
        out.write(variableHeader);
        out.write(id.length >> 8);
        out.write(id.length & 0xff);
        out.write(id);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int type = in.readUnsignedByte();
        if (type != 0x20) {
            throw new IOException("expected a CONNACK, got packet type 0x" + Integer.toHexString(type));
        }
        byte[] body = new byte[remainingLength(in)];
        in.readFully(body);
        return body[1] & 0xff;
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift < 28; shift += 7) {
            int b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }
}
