package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.gateway.core.identity.TestPki;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS 1.3 session resumption on the embedded broker (docs/decisions/0038): a device that reconnects with the
 * TLS context it used before resumes its session (no CertificateRequest, so its key manager is not asked
 * again), the broker still sees its certificate chain and accepts it, and once the certificate is revoked
 * the resumed session is refused at CONNECT like a full handshake (CONNACK Banned).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SessionResumptionIT {
    private static final int BANNED = 0x8A;
    private static final int TIMEOUT_MS = 5_000;

    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private TestPki pki;
    private ExecutorService requestExecutor;
    private EmbeddedBroker broker;

    @BeforeAll
    void start_broker(@TempDir Path work) throws Exception {
        pki = new TestPki();
        requestExecutor = Executors.newFixedThreadPool(2);
        TestPki.Credential server = pki.server();
        broker = EmbeddedBroker.builder()
                .config(new BrokerConfig(BrokerConfig.DEFAULT_BIND_ADDRESS, 0, server.chain(), server.key(), pki.gatewayCa(),
                        work.resolve("broker"), Duration.ofSeconds(2), BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, revoked::contains, new MutableClock()))
                .requestHandler((who, topic, payload) -> CompletableFuture.completedFuture(Optional.empty()))
                .requestExecutor(requestExecutor)
                .sourceAdmission(source -> true)
                .unauthorizedAttempts(kind -> { })
                .build();
        broker.start();
    }

    @AfterAll
    void stop_broker() throws Exception {
        broker.close();
        requestExecutor.shutdownNow();
        requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void a_device_resumes_its_session_and_keeps_its_identity_but_not_once_revoked() throws Exception {
        TestPki.Credential device = pki.device("dev-r1");
        CountingKeyManager keys = new CountingKeyManager(device.key(), device.chain());
        SSLContext context = context(keys);

        assertThat(connect(context, "dev-r1")).isZero();
        assertThat(keys.chosen()).as("full handshake: the server asked for the certificate").isEqualTo(1);

        assertThat(connect(context, "dev-r1")).as("resumed session, identity from the session's chain").isZero();
        assertThat(keys.chosen()).as("resumed: no CertificateRequest").isEqualTo(1);

        revoked.add(device.serialHex());
        assertThat(connect(context, "dev-r1")).as("resumed session of a revoked certificate").isEqualTo(BANNED);
        assertThat(keys.chosen()).as("that refusal came on a resumed session").isEqualTo(1);
    }

    @Test
    void a_resumed_session_does_not_lend_its_identity_to_another_client_id() throws Exception {
        TestPki.Credential device = pki.device("dev-r2");
        CountingKeyManager keys = new CountingKeyManager(device.key(), device.chain());
        SSLContext context = context(keys);
        assertThat(connect(context, "dev-r2")).isZero();

        assertThat(connect(context, "dev-r3")).as("the session's certificate names dev-r2").isNotZero();
        assertThat(keys.chosen()).isEqualTo(1);
    }

    /** A TLS 1.3 connection and an MQTT 5 CONNECT; returns the CONNACK's reason code, then closes. */
    private int connect(SSLContext context, String clientId) throws IOException {
        try (SSLSocket socket = (SSLSocket) context.getSocketFactory().createSocket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", broker.port()), TIMEOUT_MS);
            socket.setSoTimeout(TIMEOUT_MS);
            socket.startHandshake();
            byte[] id = clientId.getBytes(StandardCharsets.UTF_8);
            byte[] variableHeader = {0, 4, 'M', 'Q', 'T', 'T', 5, 0x02, 0, 60, 0};
            OutputStream out = socket.getOutputStream();
            out.write(0x10);
            out.write(variableHeader.length + 2 + id.length);
            out.write(variableHeader);
            out.write(id.length >> 8);
            out.write(id.length & 0xff);
            out.write(id);
            out.flush();
            DataInputStream in = new DataInputStream(socket.getInputStream());
            assertThat(in.readUnsignedByte()).as("CONNACK").isEqualTo(0x20);
            byte[] body = new byte[in.readUnsignedByte()];
            in.readFully(body);
            return body[1] & 0xff;
        }
    }

    private SSLContext context(CountingKeyManager keys) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway-ca", pki.gatewayCa());
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLSv1.3");
        context.init(new javax.net.ssl.KeyManager[] {keys}, trustManagers.getTrustManagers(), null);
        return context;
    }

    /** The device's key and chain, counting how often a handshake asked for them. */
    private static final class CountingKeyManager extends X509ExtendedKeyManager {
        private final PrivateKey key;
        private final X509Certificate[] chain;
        private final AtomicInteger chosen = new AtomicInteger();

        CountingKeyManager(PrivateKey key, java.util.List<X509Certificate> chain) {
            this.key = key;
            this.chain = chain.toArray(X509Certificate[]::new);
        }

        int chosen() {
            return chosen.get();
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return new String[] {"device"};
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            chosen.incrementAndGet();
            return "device";
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            chosen.incrementAndGet();
            return "device";
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
