package io.edgeprov.sim.device;

import io.edgeprov.sim.device.tls.DeviceTls;
import java.util.List;
import java.util.Optional;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A Paho client that answers device requests on a broker with the {@link FakeGateway}'s logic. */
final class MqttGatewayResponder {
    private MqttGatewayResponder() {
    }

    static MqttAsyncClient start(int port, GatewayPki pki, FakeGateway gateway) throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + port, "gateway-responder", new MemoryPersistence());
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage message) throws MqttException {
                for (FakeGateway.Outgoing out : gateway.handle(topic, message.getPayload(), Optional.empty())) {
                    client.publish(out.topic(), out.payload(), 1, false);
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse response) {
            }

            @Override
            public void mqttErrorOccurred(MqttException exception) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void connectComplete(boolean reconnect, String serverUri) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(DeviceTls.noDelay(DeviceTls.clientContext(List.of(pki.root), Optional.empty()).getSocketFactory()));
        options.setHttpsHostnameVerificationEnabled(false);
        client.connect(options).waitForCompletion(10_000);
        client.subscribe(new String[] {"prov/v1/+/attest/begin", "prov/v1/+/attest/finish", "prov/v1/+/renew"},
                new int[] {1, 1, 1}).waitForCompletion(10_000);
        return client;
    }
}
