package io.edgeprov.gateway.mqtt.external;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import javax.net.ssl.SSLSocketFactory;

/**
 * Paho never sets TCP_NODELAY; small request/response messages then stall on delayed ACKs. This
 * factory sets it (or, for a comparison, leaves it off) on every socket it makes.
 */
public final class NoDelaySocketFactory extends SSLSocketFactory {
    private final SSLSocketFactory delegate;
    private final boolean noDelay;

    public NoDelaySocketFactory(SSLSocketFactory delegate, boolean noDelay) {
        this.delegate = java.util.Objects.requireNonNull(delegate, "delegate");
        this.noDelay = noDelay;
    }

    @Override
    public String[] getDefaultCipherSuites() {
        return delegate.getDefaultCipherSuites();
    }

    @Override
    public String[] getSupportedCipherSuites() {
        return delegate.getSupportedCipherSuites();
    }

    @Override
    public Socket createSocket() throws IOException {
        return configure(delegate.createSocket());
    }

    @Override
    public Socket createSocket(Socket socket, String host, int port, boolean autoClose) throws IOException {
        socket.setTcpNoDelay(noDelay);
        return configure(delegate.createSocket(socket, host, port, autoClose));
    }

    @Override
    public Socket createSocket(Socket socket, InputStream consumed, boolean autoClose) throws IOException {
        socket.setTcpNoDelay(noDelay);
        return configure(delegate.createSocket(socket, consumed, autoClose));
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return configure(delegate.createSocket(host, port, localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return configure(delegate.createSocket(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return configure(delegate.createSocket(address, port, localAddress, localPort));
    }

    private Socket configure(Socket socket) throws SocketException {
        socket.setTcpNoDelay(noDelay);
        return socket;
    }
}
