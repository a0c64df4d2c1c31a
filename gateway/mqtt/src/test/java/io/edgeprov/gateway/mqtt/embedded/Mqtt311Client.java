package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.TestPki;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/** A Paho MQTT 3.1.1 device over TLS, with probes for messages and for being cut off. */
final class Mqtt311Client implements AutoCloseable {
    static final long WAIT_MS = 5_000;

    /** A message the device received. */
    record Received(String topic, byte[] payload) {
    }

    private final MqttAsyncClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch lost = new CountDownLatch(1);

    private Mqtt311Client(MqttAsyncClient client) {
        this.client = client;
    }

    static Mqtt311Client connect(int port, String clientId, X509Certificate trusted, Optional<TestPki.Credential> credential)
            throws Exception {
        MqttAsyncClient paho = new MqttAsyncClient("ssl://127.0.0.1:" + port, clientId, new MemoryPersistence());
        Mqtt311Client device = new Mqtt311Client(paho);
        paho.setCallback(device.callback());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setSocketFactory(ClientTls.socketFactory(trusted, credential, true));
        options.setCleanSession(true);
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

    /** Publishes at QoS 1 and waits for its PUBACK; throws when the connection is lost instead. */
    void publish(String topic, byte[] payload) throws MqttException {
        IMqttDeliveryToken token = client.publish(topic, new MqttMessage(payload));
        token.waitForCompletion(WAIT_MS);
    }

    /** Publishes at QoS 1 without waiting for the acknowledgement. */
    void publishAndForget(String topic, byte[] payload) throws MqttException {
        client.publish(topic, new MqttMessage(payload));
    }

    /** Subscribes at QoS 1 and returns the granted QoS, or 0x80 when the broker refused. */
    int subscribe(String filter) throws MqttException {
        IMqttToken token = client.subscribe(filter, 1);
        token.waitForCompletion(WAIT_MS);
        return token.getGrantedQos()[0];
    }

    Optional<Received> awaitMessage(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Waits until the broker cuts the connection; true when it did within the timeout. */
    boolean awaitConnectionLost(Duration timeout) throws InterruptedException {
        return lost.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
            public void connectionLost(Throwable cause) {
                lost.countDown();
            }

            @Override
            public void messageArrived(String topic, MqttMessage message) {
                received.add(new Received(topic, message.getPayload()));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // Publish results are read from the tokens.
            }
        };
    }
}
