package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.tls.DeviceTls;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Paho transport through a real broker (Mosquitto, Debian package {@code mosquitto}): TLS with
 * TCP_NODELAY, no certificate for attestation, then mTLS with the key in the TPM. A Paho client
 * plays the gateway's request handler with the in-memory gateway's logic.
 */
class PahoMosquittoIT {
    @TempDir
    Path dir;

    private GatewayPki pki;
    private FakeGateway gateway;
    private MosquittoBroker broker;
    private MqttAsyncClient responder;
    private SoftwareTpm tpm;
    private SimulatedDevice device;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

    @BeforeEach
    void given_a_broker_and_a_gateway_responder() throws Exception {
        pki = new GatewayPki(Clock.systemUTC(), Duration.ofMinutes(10));
        gateway = new FakeGateway(pki, Clock.systemUTC());
        gateway.trustBrokerAuthentication();
        broker = new MosquittoBroker(dir, pki.root, pki.serverIdentity());
        responder = startResponder();
        tpm = SoftwareTpm.builder().build();
    }

    @AfterEach
    void stop_everything() throws Exception {
        if (device != null) {
            device.close();
        }
        if (responder != null) {
            responder.disconnectForcibly(0, 1000, false);
            responder.close(true);
        }
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        if (broker != null) {
            broker.close();
        }
        if (tpm != null) {
            tpm.close();
        }
    }

    @Test
    void device_enrolls_then_renews_over_mtls_with_its_tpm_key() {
        device = SimulatedDevice.builder().id(new DeviceId("mqtt-device-1")).tpm(tpm).transport(new RoutingTransport(
                transport(broker.openPort), transport(broker.mutualPort))).scheduler(scheduler).build();

        StepResult enrolled = device.enroll();
        StepResult renewed = device.renew();

        assertThat(enrolled.succeeded()).as(enrolled.detail()).isTrue();
        assertThat(renewed.succeeded()).as(renewed.detail()).isTrue();
        assertThat(gateway.renewals.get()).isEqualTo(1);
    }

    @Test
    void listener_requiring_certificates_refuses_a_certificate_less_device() {
        PahoDeviceTransport mutual = transport(broker.mutualPort);

        assertThatThrownBy(() -> mutual.connect(Optional.empty(), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.failure()).isEqualTo(TransportFailure.CONNECT_FAILED));
        mutual.close();
    }

    private PahoDeviceTransport transport(int port) {
        return new PahoDeviceTransport(new DeviceId("mqtt-device-1"), "127.0.0.1", port, List.of(pki.root), tpm);
    }

    private MqttAsyncClient startResponder() throws Exception {
        MqttAsyncClient client = new MqttAsyncClient("ssl://127.0.0.1:" + broker.openPort, "gateway-responder", new MemoryPersistence());
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

    /** Attestation on the listener without client certificates, everything else on the one that requires them. */
    private static final class RoutingTransport implements DeviceTransport {
        private final DeviceTransport open;
        private final DeviceTransport mutual;
        private volatile DeviceTransport active;

        RoutingTransport(DeviceTransport open, DeviceTransport mutual) {
            this.open = open;
            this.mutual = mutual;
            this.active = open;
        }

        @Override
        public void listener(Listener listener) {
            open.listener(listener);
            mutual.listener(listener);
        }

        @Override
        public void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
            active.disconnect(timeout);
            active = credential.isPresent() ? mutual : open;
            active.connect(credential, timeout);
        }

        @Override
        public void subscribe(List<String> topics, Duration timeout) throws TransportException {
            active.subscribe(topics, timeout);
        }

        @Override
        public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
            active.publish(topic, payload, timeout);
        }

        @Override
        public boolean isConnected() {
            return active.isConnected();
        }

        @Override
        public void disconnect(Duration timeout) {
            active.disconnect(timeout);
        }

        @Override
        public void close() {
            open.close();
            mutual.close();
        }
    }
}
