package io.edgeprov.gateway.app.observability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * HTTP on plain sockets, the way these tests need it: well-behaved requests with a bound on the wait,
 * and the misbehaving clients the endpoint must survive. No threads; every wait has a timeout.
 */
final class RawHttp {
    /** A head cut before its blank line: the server waits for the rest, which never comes. */
    static final String HALF_WRITTEN_HEAD = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n";

    /** A status and a body, as read from the wire. */
    record Answer(int status, String head, String body) {
        static Answer parse(String text) throws IOException {
            int endOfHead = text.indexOf("\r\n\r\n");
            if (!text.startsWith("HTTP/1.1 ") || endOfHead < 0) {
                throw new IOException("not an HTTP answer: '" + text + "'");
            }
            return new Answer(Integer.parseInt(text.substring(9, 12)), text.substring(0, endOfHead), text.substring(endOfHead + 4));
        }
    }

    private RawHttp() {
    }

    /** GET {@code path}; fails with a {@link SocketTimeoutException} unless answered {@code within}. */
    static Answer get(int port, String path, Duration within) throws IOException {
        return Answer.parse(send(port, "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n", within));
    }

    /** Sends {@code request} as is and reads what comes back until the server ends the connection. */
    static String send(int port, String request, Duration within) throws IOException {
        try (Socket socket = connect(port, within)) {
            try {
                socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            } catch (SocketException closedWhileSending) {
                // The server stopped reading and closed: what it sent before, if anything, is read below.
            }
            return new String(readToEnd(socket.getInputStream()), StandardCharsets.UTF_8);
        }
    }

    /** A connection that sent part of a request head and then stalls; its reads time out after {@code within}. */
    static Socket halfWritten(int port, Duration within) throws IOException {
        Socket socket = connect(port, within);
        socket.getOutputStream().write(HALF_WRITTEN_HEAD.getBytes(StandardCharsets.ISO_8859_1));
        return socket;
    }

    /** A connection whose reads time out after {@code within}. */
    static Socket connect(int port, Duration within) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress("127.0.0.1", port), (int) within.toMillis());
        socket.setSoTimeout((int) within.toMillis());
        return socket;
    }

    /**
     * Reads until the server ends the stream (an orderly close or a reset both count); the socket's read
     * timeout bounds each wait.
     */
    static byte[] readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketTimeoutException stillOpen) {
            throw stillOpen;
        } catch (SocketException reset) {
            // The server closed with our bytes unread, which Linux sends as a reset: closed all the same.
        }
        return out.toByteArray();
    }

    /**
     * Sends {@code request}, then never reads: keeps sending filler until the server drops the connection,
     * waiting at most {@code within}. Returns whether it was dropped. Non-blocking, so a server that never
     * drops cannot hang the test.
     */
    static boolean neverReadsUntilDropped(int port, String request, Duration within) throws IOException {
        try (SocketChannel channel = SocketChannel.open(); Selector selector = Selector.open()) {
            // A small receive window, so the server's answer backs up into its own send buffer at once.
            channel.setOption(StandardSocketOptions.SO_RCVBUF, 4096);
            channel.connect(new InetSocketAddress("127.0.0.1", port));
            channel.write(ByteBuffer.wrap(request.getBytes(StandardCharsets.ISO_8859_1)));
            channel.configureBlocking(false);
            channel.register(selector, SelectionKey.OP_WRITE);
            ByteBuffer filler = ByteBuffer.allocate(64 * 1024);
            long giveUp = System.nanoTime() + within.toNanos();
            while (System.nanoTime() < giveUp) {
                try {
                    channel.write(filler.clear());
                } catch (IOException dropped) {
                    return true;
                }
                // Wakes when there is room to write again or the connection is reset, or after 50 ms.
                selector.select(50);
                selector.selectedKeys().clear();
            }
            return false;
        }
    }
}
