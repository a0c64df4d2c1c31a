package io.edgeprov.gateway.app.bench;

import io.edgeprov.pki.EllipticCurveProvider;
import java.io.BufferedReader;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The reconnect storm's fleet, in a process of its own (its sockets would otherwise share the gateway
 * process's descriptor limit): thousands of enrolled devices as light client state (an id, a P-256 key, a
 * certificate chain, one TLS context each so a device could resume its own session), each connection a
 * TLS 1.3 handshake with the device certificate and an MQTT 5 CONNECT, held open without a thread.
 *
 * <p>Driven by lines on stdin: {@code connect PORT} (re)connects every device, closing its old socket, and
 * answers {@code done OK FAILED MILLIS}; {@code quit} closes all and exits. Arguments: the credentials file
 * ({@code trust B64DER} lines, then {@code device ID B64PKCS8 B64DER...}), the host, the number of workers.
 * Not for production: it reads keys from a file the benchmark wrote into its own work folder.
 */
public final class StormClient {
    private static final int TIMEOUT_MS = 30_000;
    private static final char[] NONE = new char[0];

    private record Device(String id, SSLContext context) {
    }

    private StormClient() {
    }

    public static void main(String[] args) throws Exception {
        EllipticCurveProvider.installFirst();
        List<X509Certificate> trust = new ArrayList<>();
        List<Device> devices = new ArrayList<>();
        CertificateFactory certificates = CertificateFactory.getInstance("X.509");
        KeyFactory keys = KeyFactory.getInstance("EC");
        TrustManager[] trustManagers = null;
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] parts = line.split(" ");
            if (parts[0].equals("trust")) {
                trust.add(certificate(certificates, parts[1]));
                continue;
            }
            if (trustManagers == null) {
                trustManagers = trustManagers(trust);
            }
            PrivateKey key = keys.generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(parts[2])));
            X509Certificate[] chain = new X509Certificate[parts.length - 3];
            for (int i = 3; i < parts.length; i++) {
                chain[i - 3] = certificate(certificates, parts[i]);
            }
            SSLContext context = SSLContext.getInstance("TLSv1.3");
            context.init(new javax.net.ssl.KeyManager[] {new OneKey(key, chain)}, trustManagers, null);
            devices.add(new Device(parts[1], context));
        }
        String host = args[1];
        int workers = Integer.parseInt(args[2]);
        AtomicReferenceArray<Socket> sockets = new AtomicReferenceArray<>(devices.size());
        PrintStream out = System.out;
        out.println("ready " + devices.size());
        out.flush();
        BufferedReader commands = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String command;
        while ((command = commands.readLine()) != null && !command.equals("quit")) {
            if (command.startsWith("connect ")) {
                int port = Integer.parseInt(command.substring("connect ".length()).trim());
                out.println(connectAll(devices, sockets, new InetSocketAddress(host, port), workers));
                out.flush();
            }
        }
        for (int i = 0; i < sockets.length(); i++) {
            closeQuietly(sockets.get(i));
        }
    }

    private static String connectAll(List<Device> devices, AtomicReferenceArray<Socket> sockets, InetSocketAddress broker,
            int workers) throws InterruptedException {
        long start = System.nanoTime();
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicInteger next = new AtomicInteger();
        StringBuilder firstFailure = new StringBuilder();
        ExecutorService pool = Executors.newFixedThreadPool(workers);
        for (int w = 0; w < workers; w++) {
            pool.execute(() -> {
                int i;
                while ((i = next.getAndIncrement()) < devices.size()) {
                    closeQuietly(sockets.getAndSet(i, null));
                    try {
                        sockets.set(i, connect(devices.get(i), broker));
                        ok.incrementAndGet();
                    } catch (Exception e) {
                        if (failed.getAndIncrement() == 0) {
                            synchronized (firstFailure) {
                                firstFailure.append(e);
                            }
                        }
                    }
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
        long millis = (System.nanoTime() - start) / 1_000_000;
        synchronized (firstFailure) {
            return "done " + ok.get() + " " + failed.get() + " " + millis
                    + (firstFailure.length() > 0 ? " " + firstFailure.toString().replace('\n', ' ') : "");
        }
    }

    /** A TLS 1.3 handshake with the device certificate, then an MQTT 5 CONNECT; returns once the CONNACK accepted it. */
    private static Socket connect(Device device, InetSocketAddress broker) throws IOException {
        SSLSocket socket = (SSLSocket) device.context().getSocketFactory().createSocket();
        try {
            socket.connect(broker, TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.setTcpNoDelay(true);
            socket.startHandshake();
            int code = mqttConnect(socket, device.id());
            if (code != 0) {
                throw new IOException("CONNACK 0x" + Integer.toHexString(code) + " for " + device.id());
            }
            return socket;
        } catch (IOException | RuntimeException e) {
            socket.close();
            throw e;
        }
    }

    private static int mqttConnect(SSLSocket socket, String clientId) throws IOException {
        byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
        // keep-alive 0: the connection is held without a thread to send PINGREQs
        byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 0, 0};
        OutputStream out = socket.getOutputStream();
        out.write(0x10);
        out.write(variableHeader.length + 2 + id.length);
        out.write(variableHeader);
        out.write(id.length >> 8);
        out.write(id.length & 0xff);
        out.write(id);
        out.flush();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        if (in.readUnsignedByte() != 0x20) {
            throw new IOException("expected a CONNACK");
        }
        int length = in.readUnsignedByte();
        byte[] body = new byte[length];
        in.readFully(body);
        return body[1] & 0xff;
    }

    private static X509Certificate certificate(CertificateFactory factory, String base64) throws Exception {
        return (X509Certificate) factory.generateCertificate(new java.io.ByteArrayInputStream(Base64.getDecoder().decode(base64)));
    }

    private static TrustManager[] trustManagers(List<X509Certificate> trust) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, NONE);
        for (int i = 0; i < trust.size(); i++) {
            store.setCertificateEntry("trusted-" + i, trust.get(i));
        }
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(store);
        return factory.getTrustManagers();
    }

    private static void closeQuietly(Socket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // going away anyway
            }
        }
    }

    /** One device's key and chain, without a key store (PKIX key managers re-read theirs at every handshake). */
    private static final class OneKey extends X509ExtendedKeyManager {
        private static final String ALIAS = "device";
        private final PrivateKey key;
        private final X509Certificate[] chain;

        OneKey(PrivateKey key, X509Certificate[] chain) {
            this.key = key;
            this.chain = chain.clone();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {ALIAS};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            return ALIAS;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            return ALIAS;
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return new String[0];
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return chain.clone();
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return key;
        }
    }
}
