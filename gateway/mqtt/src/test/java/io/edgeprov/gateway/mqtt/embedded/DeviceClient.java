package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.TestPki;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho MQTT 5 device over TLS, with probes for messages and for being cut off. */
final class DeviceClient implements AutoCloseable {
    static final long WAIT_MS = 5_000;

    /** A message the device received. */
    record Received(String topic, byte[] payload, Optional<byte[]> correlation, java.util.Map<String, String> userProperties) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch disconnected = new CountDownLatch(1);
    private final AtomicInteger disconnectReason = new AtomicInteger(-1);
    private final AtomicLong disconnectedAtNanos = new AtomicLong();

    private DeviceClient(MqttAsyncClient client) {
        this.client = client;
    }

    /** Connects, or throws the MqttException whose reason code is the CONNACK's (or Paho's own). */
    static DeviceClient connect(int port, String clientId, X509Certificate trusted, Optional<TestPki.Credential> credential)
            throws Exception {
        return connect(port, clientId, trusted, credential, true);
    }

    static DeviceClient connect(int port, String clientId, X509Certificate trusted, Optional<TestPki.Credential> credential,
            boolean noDelay) throws Exception {
        MqttAsyncClient paho = new MqttAsyncClient("ssl://127.0.0.1:" + port, clientId, new MemoryPersistence());
        DeviceClient device = new DeviceClient(paho);
        paho.setCallback(device.callback());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(ClientTls.socketFactory(trusted, credential, noDelay));
        options.setCleanStart(true);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(5);
        try {
            paho.connect(options).waitForCompletion(WAIT_MS);
        } catch (MqttException e) {
            paho.close(true);
            throw e;
        }
        return device;
    }

    /** Publishes at QoS 1 and returns the PUBACK reason code. */
    int publish(String topic, String payload) throws MqttException {
        return publish(topic, payload.getBytes(StandardCharsets.UTF_8), Optional.empty());
    }

    int publish(String topic, byte[] payload, Optional<byte[]> correlation) throws MqttException {
        MqttMessage message = new MqttMessage(payload, 1, false, new MqttProperties());
        correlation.ifPresent(data -> message.getProperties().setCorrelationData(data));
        try {
            IMqttToken token = client.publish(topic, message);
            token.waitForCompletion(WAIT_MS);
            int[] codes = token.getReasonCodes();
            return codes == null || codes.length == 0 ? 0 : codes[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    /** Subscribes at QoS 1 and returns the SUBACK reason code (0 to 2 granted, 0x80 and up refused). */
    int subscribe(String filter) throws MqttException {
        try {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(WAIT_MS);
            return token.getReasonCodes()[0];
        } catch (MqttException e) {
            return e.getReasonCode();
        }
    }

    Optional<Received> awaitMessage(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Waits until the broker cuts the connection; true when it did within the timeout. */
    boolean awaitDisconnect(Duration timeout) throws InterruptedException {
        return disconnected.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    int disconnectReason() {
        return disconnectReason.get();
    }

    long disconnectedAtNanos() {
        return disconnectedAtNanos.get();
    }

    boolean isConnected() {
        return client.isConnected();
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect().waitForCompletion(WAIT_MS);
        }
        client.close(true);
    }

    private MqttCallback callback() {
        return new MqttCallback() {
            @Override
            public void disconnected(MqttDisconnectResponse response) {
                disconnectedAtNanos.set(System.nanoTime());
                disconnectReason.set(response.getReturnCode());
                disconnected.countDown();
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
                // Reported through tokens and the disconnect probe.
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                java.util.Map<String, String> properties = new java.util.HashMap<>();
                message.getProperties().getUserProperties().forEach(p -> properties.put(p.getKey(), p.getValue()));
                received.add(new Received(topic, message.getPayload(),
                        Optional.ofNullable(message.getProperties().getCorrelationData()), java.util.Map.copyOf(properties)));
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
                // Publish results are read from the tokens.
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
                // connect() waits on its token.
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
                // No enhanced authentication.
            }
        };
    }
}
