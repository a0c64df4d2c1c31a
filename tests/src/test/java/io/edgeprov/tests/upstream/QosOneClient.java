package io.edgeprov.tests.upstream;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;

/**
 * A gateway's view of the upstream, reduced to a probe: a Paho MQTT 3.1.1 client with a stable
 * client id and clean_session=false, QoS 1 both ways, no automatic reconnect (the test picks the
 * node), messages and the loss of the connection observable with timeouts.
 */
final class QosOneClient implements AutoCloseable {
    private final MqttClient client;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final CountDownLatch lost = new CountDownLatch(1);
    private volatile boolean sessionPresent;

    private QosOneClient(MqttClient client) {
        this.client = client;
    }

    static QosOneClient connect(MqttEndpoint node, String clientId, UpstreamCredentials credentials) throws MqttException {
        MqttClient client = new MqttClient(node.serverUri(), clientId, new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setConnectionTimeout(30);
        options.setKeepAliveInterval(10);
        options.setUserName(credentials.username());
        options.setPassword(credentials.passwordChars());
        // The callback is in place before CONNECT: a kept session's queued messages follow the CONNACK at once.
        QosOneClient connected = new QosOneClient(client);
        client.setCallback(connected.callback());
        IMqttToken token = client.connectWithResult(options);
        connected.sessionPresent = token.getSessionPresent();
        return connected;
    }

    /** Whether the broker still had this client id's session (CONNACK session present). */
    boolean sessionPresent() {
        return sessionPresent;
    }

    /** Subscribes at QoS 1 and returns the QoS the broker granted. */
    int subscribe(String topicFilter) throws MqttException {
        IMqttToken token = client.subscribeWithResponse(topicFilter, 1);
        return token.getGrantedQos()[0];
    }

    /** Publishes at QoS 1 and returns once the broker acknowledged it (PUBACK). */
    void publish(String topic, String payload, boolean retained) throws MqttException {
        MqttMessage message = new MqttMessage(payload.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        message.setQos(1);
        message.setRetained(retained);
        client.publish(topic, message);
    }

    /** The payload of the next message that arrived, waiting up to {@code timeout}. */
    Optional<String> nextMessage(Duration timeout) throws InterruptedException {
        return nextReceived(timeout).map(Received::payload);
    }

    /** The next message that arrived, with the topic the broker delivered it on, waiting up to {@code timeout}. */
    Optional<Received> nextReceived(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(received.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** A delivered message: its topic and its UTF-8 payload. */
    record Received(String topic, String payload) {
    }

    /** True once the broker side went away, within {@code timeout}. */
    boolean awaitConnectionLost(Duration timeout) throws InterruptedException {
        return lost.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws MqttException {
        if (client.isConnected()) {
            client.disconnect(2_000);
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
                received.add(new Received(topic, new String(message.getPayload(), java.nio.charset.StandardCharsets.UTF_8)));
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // publish() is synchronous
            }
        };
    }
}
