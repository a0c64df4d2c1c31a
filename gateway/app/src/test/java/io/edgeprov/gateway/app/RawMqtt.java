package io.edgeprov.gateway.app;

import io.edgeprov.gateway.app.cli.GivenGateway;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Optional;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * The least MQTT 5 a test needs, over a plain {@link SSLSocket}: a TLS handshake that trusts only
 * the gateway CA, one CONNECT whose CONNACK reason code is returned, and single-filter SUBSCRIBE and
 * PUBLISH whose acknowledgement's reason code is returned.
 */
public final class RawMqtt {
    private static final char[] IN_MEMORY = "in-memory".toCharArray();
    private static final int TIMEOUT_MS = 10_000;

    private RawMqtt() {
    }

    /** Opens a TLS connection and completes the handshake; the caller closes it. */
    public static SSLSocket handshake(InetSocketAddress address, X509Certificate trusted, Optional<GivenGateway.Device> device)
            throws Exception {
        return handshake(address, Optional.empty(), trusted, device);
    }

    /**
     * A certificate-less handshake from {@code source} (any 127.0.0.0/8 address is this host's loopback), so
     * that a test can play an attacker at another source address than the devices it runs beside.
     */
    public static SSLSocket handshakeFrom(InetSocketAddress address, InetAddress source, X509Certificate trusted)
            throws Exception {
        return handshake(address, Optional.of(source), trusted, Optional.empty());
    }

    private static SSLSocket handshake(InetSocketAddress address, Optional<InetAddress> source, X509Certificate trusted,
            Optional<GivenGateway.Device> device) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-ca", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyStore keys = KeyStore.getInstance("PKCS12");
        keys.load(null, null);
        if (device.isPresent()) {
            keys.setKeyEntry("device", device.get().key(), IN_MEMORY, device.get().chain().toArray(new X509Certificate[0]));
        }
        KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keyManagers.init(keys, IN_MEMORY);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        if (source.isPresent()) {
            socket.bind(new InetSocketAddress(source.get(), 0));
        }
        socket.connect(address, TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.setTcpNoDelay(true);
        socket.startHandshake();
        return socket;
    }

    /**
     * A TLS handshake that presents {@code chain} whatever CAs the server names (the JDK's own key manager
     * sends a certificate only when its issuer is among them; an attacker's client sends anyway).
     */
    public static SSLSocket handshakePresenting(InetSocketAddress address, X509Certificate trusted, java.security.PrivateKey key,
            java.util.List<X509Certificate> chain) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-ca", trusted);
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        javax.net.ssl.X509KeyManager presenting = new javax.net.ssl.X509ExtendedKeyManager() {
            @Override
            public String[] getClientAliases(String keyType, java.security.Principal[] issuers) {
                return new String[] {"any"};
            }

            @Override
            public String chooseClientAlias(String[] keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return "any";
            }

            @Override
            public String chooseEngineClientAlias(String[] keyType, java.security.Principal[] issuers,
                    javax.net.ssl.SSLEngine engine) {
                return "any";
            }

            @Override
            public String[] getServerAliases(String keyType, java.security.Principal[] issuers) {
                return null;
            }

            @Override
            public String chooseServerAlias(String keyType, java.security.Principal[] issuers, java.net.Socket socket) {
                return null;
            }

            @Override
            public X509Certificate[] getCertificateChain(String alias) {
                return chain.toArray(new X509Certificate[0]);
            }

            @Override
            public java.security.PrivateKey getPrivateKey(String alias) {
                return key;
            }
        };
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(new javax.net.ssl.KeyManager[] {presenting}, trustManagers.getTrustManagers(), null);
        SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket();
        socket.connect(address, TIMEOUT_MS);
        socket.setSoTimeout(TIMEOUT_MS);
        socket.startHandshake();
        return socket;
    }

    /** Sends an MQTT 5 CONNECT (clean start, no will) and returns the CONNACK's reason code. */
    public static int connect(SSLSocket socket, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0};
        int remaining = variableHeader.length + 2 + id.length;
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
        // The whole CONNACK is read, properties included, so the next byte is the start of the next packet.
        in.readFully(body);
        return body[1] & 0xff;
    }

    /** A CONNACK: whether the broker resumed a session, and its reason code. */
    public record Connack(boolean sessionPresent, int reasonCode) {
    }

    /**
     * Sends an MQTT 5 CONNECT with clean start as given and, when not starting clean, a session expiry
     * interval of {@code sessionExpirySeconds}; returns the CONNACK.
     */
    public static Connack connect(SSLSocket socket, String clientId, boolean cleanStart, int sessionExpirySeconds)
            throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(new byte[] {0, 4, 'M', 'Q', 'T', 'T', 5, (byte) (cleanStart ? 0x02 : 0x00), 0, 60});
        body.write(5);
        body.write(0x11);
        body.write(java.nio.ByteBuffer.allocate(4).putInt(sessionExpirySeconds).array());
        body.write(id.length >> 8);
        body.write(id.length & 0xff);
        body.write(id);
        send(socket, 0x10, body);
        Packet connack = Packet.read(socket);
        if (connack.type() != 0x20) {
            throw new IOException("expected a CONNACK, got packet type 0x" + Integer.toHexString(connack.type()));
        }
        return new Connack((connack.body()[0] & 0x01) != 0, connack.body()[1] & 0xff);
    }

    /** Subscribes at QoS 1 (so messages wait in a persistent session) and returns the SUBACK's reason code. */
    public static int subscribeAtLeastOnce(SSLSocket socket, String filter, int packetId) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.write(0);
        writeString(body, filter);
        body.write(1);
        send(socket, 0x82, body);
        while (true) {
            Packet packet = Packet.read(socket);
            if (packet.type() == 0x90 && packet.packetId() == packetId) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(packet.body());
                buffer.position(2);
                int propertiesLength = varint(buffer);
                buffer.position(buffer.position() + propertiesLength);
                return buffer.get() & 0xff;
            }
        }
    }

    /** Sends a normal DISCONNECT (reason 0): the session, if it has an expiry, stays behind. */
    public static void disconnect(SSLSocket socket) throws IOException {
        send(socket, 0xE0, new java.io.ByteArrayOutputStream());
    }

    /**
     * Subscribes (QoS 0) to one topic and returns the payload of the first PUBLISH that arrives,
     * which for a retained topic is its retained message.
     */
    public static byte[] firstMessageOn(SSLSocket socket, String topic) throws IOException {
        byte[] filter = topic.getBytes(StandardCharsets.UTF_8);
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(new byte[] {0, 1, 0});
        body.write(filter.length >> 8);
        body.write(filter.length & 0xff);
        body.write(filter);
        body.write(0);
        OutputStream out = socket.getOutputStream();
        out.write(0x82);
        out.write(body.size());
        body.writeTo(out);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        while (true) {
            int type = in.readUnsignedByte();
            byte[] packet = new byte[remainingLength(in)];
            in.readFully(packet);
            if ((type & 0xF0) != 0x30) {
                continue;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(packet);
            int topicLength = buffer.getShort() & 0xffff;
            buffer.position(buffer.position() + topicLength);
            if (((type >> 1) & 0x03) > 0) {
                buffer.getShort();
            }
            int propertiesLength = varint(buffer);
            buffer.position(buffer.position() + propertiesLength);
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            return payload;
        }
    }

    /**
     * Publishes at QoS 1 and returns the PUBACK's reason code (0 when the broker sent the short form),
     * skipping any other packet that arrives first.
     */
    public static int publish(SSLSocket socket, String topic, byte[] payload, int packetId) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        writeString(body, topic);
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.write(0);
        body.write(payload);
        send(socket, 0x32, body);
        while (true) {
            Packet packet = Packet.read(socket);
            if (packet.type() == 0x40 && packet.packetId() == packetId) {
                return packet.body().length > 2 ? packet.body()[2] & 0xff : 0;
            }
        }
    }

    /** Publishes at QoS 0: nothing comes back but the reply, if any. */
    public static void publishAtMostOnce(SSLSocket socket, String topic, byte[] payload) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        writeString(body, topic);
        body.write(0);
        body.write(payload);
        send(socket, 0x30, body);
    }

    /** Subscribes (QoS 0) to one filter and returns the SUBACK's reason code, skipping any other packet. */
    public static int subscribe(SSLSocket socket, String filter, int packetId) throws IOException {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        body.write(packetId >> 8);
        body.write(packetId & 0xff);
        body.write(0);
        writeString(body, filter);
        body.write(0);
        send(socket, 0x82, body);
        while (true) {
            Packet packet = Packet.read(socket);
            if (packet.type() == 0x90 && packet.packetId() == packetId) {
                java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(packet.body());
                buffer.position(2);
                int propertiesLength = varint(buffer);
                buffer.position(buffer.position() + propertiesLength);
                return buffer.get() & 0xff;
            }
        }
    }

    /** The payload of the next PUBLISH on {@code topic} (subscribed at QoS 0), skipping other packets. */
    public static byte[] awaitPublishOn(SSLSocket socket, String topic) throws IOException {
        while (true) {
            Packet packet = Packet.read(socket);
            if (packet.type() != 0x30) {
                continue;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(packet.body());
            byte[] name = new byte[buffer.getShort() & 0xffff];
            buffer.get(name);
            if (packet.qos() > 0) {
                buffer.getShort();
            }
            int propertiesLength = varint(buffer);
            buffer.position(buffer.position() + propertiesLength);
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            if (new String(name, StandardCharsets.UTF_8).equals(topic)) {
                return payload;
            }
        }
    }

    /** A PUBLISH the broker sent: its topic and payload. */
    public record Message(String topic, byte[] payload) {
    }

    /** The next PUBLISH the broker sends (subscribed at QoS 0), skipping other packets; fails when the connection ends. */
    public static Message nextPublish(SSLSocket socket) throws IOException {
        while (true) {
            Packet packet = Packet.read(socket);
            if (packet.type() != 0x30) {
                continue;
            }
            java.nio.ByteBuffer buffer = java.nio.ByteBuffer.wrap(packet.body());
            byte[] name = new byte[buffer.getShort() & 0xffff];
            buffer.get(name);
            if (packet.qos() > 0) {
                buffer.getShort();
            }
            int propertiesLength = varint(buffer);
            buffer.position(buffer.position() + propertiesLength);
            byte[] payload = new byte[buffer.remaining()];
            buffer.get(payload);
            return new Message(new String(name, StandardCharsets.UTF_8), payload);
        }
    }

    /** One packet from the broker: its first byte (type in the high nibble, flags in the low) and its body. */
    private record Packet(int first, byte[] body) {
        static Packet read(SSLSocket socket) throws IOException {
            DataInputStream in = new DataInputStream(socket.getInputStream());
            int first = in.readUnsignedByte();
            byte[] body = new byte[remainingLength(in)];
            in.readFully(body);
            return new Packet(first, body);
        }

        int type() {
            return first & 0xF0;
        }

        int qos() {
            return (first >> 1) & 0x03;
        }

        int packetId() {
            return body.length < 2 ? -1 : ((body[0] & 0xff) << 8) | (body[1] & 0xff);
        }
    }

    private static void writeString(java.io.ByteArrayOutputStream out, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        out.write(bytes.length >> 8);
        out.write(bytes.length & 0xff);
        out.write(bytes, 0, bytes.length);
    }

    private static void send(SSLSocket socket, int firstByte, java.io.ByteArrayOutputStream body) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(firstByte);
        int remaining = body.size();
        do {
            int digit = remaining & 0x7f;
            remaining >>>= 7;
            out.write(remaining > 0 ? digit | 0x80 : digit);
        } while (remaining > 0);
        body.writeTo(out);
        out.flush();
    }

    private static int varint(java.nio.ByteBuffer buffer) {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int next = buffer.get() & 0xff;
            value |= (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                break;
            }
        }
        return value;
    }

    private static int remainingLength(DataInputStream in) throws IOException {
        int value = 0;
        for (int shift = 0; shift <= 21; shift += 7) {
            int next = in.readUnsignedByte();
            value |= (next & 0x7f) << shift;
            if ((next & 0x80) == 0) {
                return value;
            }
        }
        throw new IOException("malformed remaining length");
    }

    /** What the broker sent next: a packet type byte, or how the wait ended. */
    public static final int CLOSED = -1;
    public static final int TIMED_OUT = -2;
    public static final int DISCONNECT = 0xE0;

    /**
     * Waits (up to the socket timeout) for the next thing from the broker: the first byte of a packet
     * ({@link #DISCONNECT} when it ends the session), {@link #CLOSED}, or {@link #TIMED_OUT}.
     */
    public static int next(SSLSocket socket) throws IOException {
        try {
            return socket.getInputStream().read();
        } catch (java.net.SocketTimeoutException e) {
            return TIMED_OUT;
        } catch (javax.net.ssl.SSLException | java.net.SocketException e) {
            // A reset after the broker closed its side also ends the session.
            return CLOSED;
        }
    }
}
