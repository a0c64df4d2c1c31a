package io.edgeprov.gateway.mqtt.external;

import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 device over TLS, with or without a certificate, and a probe for what it receives. */
final class TestDevice implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(5);

    /** A message the device received. */
    record Received(String topic, byte[] payload, Optional<byte[]> correlation) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private boolean sessionPresent;
    private final java.util.concurrent.CountDownLatch lost = new java.util.concurrent.CountDownLatch(1);
    private volatile long lostAtNanos;
    private volatile int disconnectReason = -1;

    private TestDevice(MqttAsyncClient client) {
        this.client = client;
    }

    /**
     * Connects with clean start = 0 and a session that outlives the connection by {@code sessionExpiry},
     * so the broker resumes any session held under {@code clientId}; see {@link #sessionPresent()}.
     */
    static TestDevice resume(int port, String clientId, List<X509Certificate> trusted, Optional<ServerCredential> credential,
            Duration sessionExpiry) throws Exception {
        MqttAsyncClient paho = new MqttAsyncClient("ssl://127.0.0.1:" + port, clientId, new MemoryPersistence());
        TestDevice device = new TestDevice(paho);
        paho.setCallback(device.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(credential.isPresent()
                ? GatewayTls.socketFactory(credential.get(), trusted, true, new SecureRandom())
                : trustOnly(trusted, true));
        options.setCleanStart(false);
        options.setSessionExpiryInterval(sessionExpiry.toSeconds());
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        try {
            IMqttToken connected = paho.connect(options);
            connected.waitForCompletion(WAIT.toMillis());
            device.sessionPresent = connected.getSessionPresent();
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return device;
    }

    /** Whether the broker's CONNACK said it resumed a session (always false after a clean start). */
    boolean sessionPresent() {
        return sessionPresent;
    }

    /** Whether the broker still holds this connection; false once another client took the id over. */
    boolean isConnected() {
        return client.isConnected();
    }

    /**
     * Waits up to {@code timeout} for the broker to end this connection; the {@link System#nanoTime()} at
     * which Paho reported it, if it did. Not counted: a disconnect this device asked for itself.
     */
    Optional<Long> awaitDisconnected(Duration timeout) throws InterruptedException {
        return lost.await(timeout.toMillis(), TimeUnit.MILLISECONDS) ? Optional.of(lostAtNanos) : Optional.empty();
    }

    /** The reason code of the broker's DISCONNECT (152: administrative action), or -1 if none came. */
    int disconnectReason() {
        return disconnectReason;
    }

    /** Connects, or throws the MqttException carrying the CONNACK reason (or Paho's own for a failed handshake). */
    static TestDevice connect(int port, String clientId, List<X509Certificate> trusted, Optional<ServerCredential> credential,
            boolean noDelay) throws Exception {
        MqttAsyncClient paho = new MqttAsyncClient("ssl://127.0.0.1:" + port, clientId, new MemoryPersistence());
        TestDevice device = new TestDevice(paho);
        paho.setCallback(device.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(credential.isPresent()
                ? GatewayTls.socketFactory(credential.get(), trusted, noDelay, new SecureRandom())
                : trustOnly(trusted, noDelay));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        try {
            paho.connect(options).waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return device;
    }

    /** A certificate-less device that also sends {@code username} in CONNECT, as if it were someone else. */
    static TestDevice connectAs(int port, String clientId, String username, List<X509Certificate> trusted) throws Exception {
        MqttAsyncClient paho = new MqttAsyncClient("ssl://127.0.0.1:" + port, clientId, new MemoryPersistence());
        TestDevice device = new TestDevice(paho);
        paho.setCallback(device.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(trustOnly(trusted, true));
        options.setUserName(username);
        options.setCleanStart(true);
        options.setConnectionTimeout(5);
        try {
            paho.connect(options).waitForCompletion(WAIT.toMillis());
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return device;
    }

    static TestDevice connect(int port, String clientId, List<X509Certificate> trusted, Optional<ServerCredential> credential)
            throws Exception {
        return connect(port, clientId, trusted, credential, true);
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code (0 or 16 delivered to the broker, 135 not authorized). */
    int publish(String topic, byte[] payload, Optional<byte[]> correlation) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
        correlation.ifPresent(data -> message.getProperties().setCorrelationData(data));
        IMqttToken token = client.publish(topic, message);
        token.waitForCompletion(WAIT.toMillis());
        int[] codes = token.getReasonCodes();
        return codes == null || codes.length == 0 ? 0 : codes[0];
    }

    int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    /** Subscribes at QoS 1 and returns the SUBACK reason code. */
    int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(filter, 1);
        token.waitForCompletion(WAIT.toMillis());
        return token.getReasonCodes()[0];
    }

    /** The next message received on {@code topic}, skipping others (which are returned in {@code skipped}). */
    Optional<Received> awaitMessageOn(String topic, List<Received> skipped) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            Received next = received.poll(Math.max(0, left), TimeUnit.NANOSECONDS);
            if (next == null) {
                return Optional.empty();
            }
            if (next.topic().equals(topic)) {
                return Optional.of(next);
            }
            skipped.add(next);
        }
    }

    Optional<Received> awaitMessage() throws InterruptedException {
        return Optional.ofNullable(received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS));
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(WAIT.toMillis());
        }
        client.close(true);
    }

    private static SSLSocketFactory trustOnly(List<X509Certificate> trusted, boolean noDelay) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        for (int i = 0; i < trusted.size(); i++) {
            trust.setCertificateEntry("ca-" + i, trusted.get(i));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trustManagers.getTrustManagers(), null);
        return new NoDelaySocketFactory(context.getSocketFactory(), noDelay);
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                lostAtNanos = System.nanoTime();
                disconnectReason = response.getReturnCode();
                lost.countDown();
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Reported through tokens.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                Optional<byte[]> correlation = Optional.ofNullable(message.getProperties())
                        .map(MqttProperties::getCorrelationData);
                received.add(new Received(topic, message.getPayload(), correlation));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Publishes wait on their own tokens.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // connect() waits on its token.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication here.
            }
        };
    }
}
