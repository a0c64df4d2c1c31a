package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
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
        responder = MqttGatewayResponder.start(broker.openPort, pki, gateway);
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
        device = SimulatedDevice.builder().id(new DeviceId("mqtt-device-1")).tpm(tpm).transport(new PahoDeviceTransport(
                new DeviceId("mqtt-device-1"), "127.0.0.1", broker.mutualPort, broker.openPort, List.of(pki.root), tpm)).scheduler(scheduler).build();

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

}
