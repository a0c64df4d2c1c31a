package io.edgeprov.gateway.app.coap;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A NAT between one device and the gateway, for ITs: the device talks to the relay's front socket, the
 * relay talks to the gateway from an upstream socket, and {@link #rebind()} swaps the upstream socket for
 * a new one, so the gateway sees the device's datagrams arrive from a new source port mid-session.
 */
public final class UdpRelay implements AutoCloseable {
    private final DatagramSocket front;
    private final InetSocketAddress gateway;
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread thread = new Thread(r, "udp-relay");
        thread.setDaemon(true);
        return thread;
    });
    private volatile DatagramSocket upstream;
    private volatile SocketAddress device;

    public UdpRelay(InetSocketAddress gateway) throws IOException {
        this.gateway = gateway;
        this.front = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.upstream = newUpstream();
        threads.execute(this::forwardToGateway);
    }

    /** Where the device sends: the relay's front socket. */
    public InetSocketAddress address() {
        return (InetSocketAddress) front.getLocalSocketAddress();
    }

    /** The source port the gateway currently sees. */
    public int upstreamPort() {
        return upstream.getLocalPort();
    }

    /** The NAT rebinds: from now on the device's datagrams leave from a new port. */
    public void rebind() throws IOException {
        upstream = newUpstream();
    }

    private DatagramSocket newUpstream() throws IOException {
        DatagramSocket socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        threads.execute(() -> forwardToDevice(socket));
        return socket;
    }

    private void forwardToGateway() {
        byte[] buffer = new byte[65_535];
        while (!front.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                front.receive(packet);
                device = packet.getSocketAddress();
                upstream.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), gateway));
            } catch (IOException e) {
                if (front.isClosed()) {
                    return;
                }
            }
        }
    }

    private void forwardToDevice(DatagramSocket socket) {
        byte[] buffer = new byte[65_535];
        while (!socket.isClosed()) {
            try {
                DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
                socket.receive(packet);
                SocketAddress target = device;
                if (target != null) {
                    front.send(new DatagramPacket(packet.getData(), packet.getOffset(), packet.getLength(), target));
                }
            } catch (SocketException e) {
                return;
            } catch (IOException e) {
                // a lost datagram is what UDP does; keep relaying
            }
        }
    }

    @Override
    public void close() throws InterruptedException {
        front.close();
        upstream.close();
        threads.shutdownNow();
        threads.awaitTermination(5, TimeUnit.SECONDS);
    }
}
