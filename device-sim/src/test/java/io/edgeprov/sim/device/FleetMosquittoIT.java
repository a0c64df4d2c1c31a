package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetProgressListener;
import io.edgeprov.sim.fleet.FleetReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A small fleet through Mosquitto with Paho and TPM-backed mTLS; its report goes to target/ for reading. */
class FleetMosquittoIT {
    /** -Dfleet.it.devices=200 -Dfleet.it.seconds=30 make this a small load run; the defaults keep the build fast. */
    private static final int DEVICES = Integer.getInteger("fleet.it.devices", 24);
    private static final int SECONDS = Integer.getInteger("fleet.it.seconds", 6);

    @TempDir
    Path dir;

    private GatewayPki pki;
    private FakeGateway gateway;
    private MosquittoBroker broker;
    private MqttAsyncClient responder;

    @BeforeEach
    void given_a_broker_and_a_gateway_responder() throws Exception {
        pki = new GatewayPki(Clock.systemUTC(), Duration.ofMinutes(10));
        gateway = new FakeGateway(pki, Clock.systemUTC());
        gateway.trustBrokerAuthentication();
        broker = new MosquittoBroker(dir, pki.root, pki.serverIdentity());
        responder = MqttGatewayResponder.start(broker.openPort, pki, gateway);
    }

    @AfterEach
    void stop_everything() throws Exception {
        if (responder != null) {
            responder.disconnectForcibly(0, 1000, false);
            responder.close(true);
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void every_device_enrolls_and_renews_through_the_broker() throws Exception {
        List<java.security.cert.X509Certificate> trust = List.of(pki.root);
        try (Fleet fleet = Fleet.builder().devices(DEVICES).concurrency(Integer.getInteger("fleet.it.concurrency", 8)).ekMix(EkMix.MIXED)
                .renewAfter(Duration.ofSeconds(Math.max(1, SECONDS / 4))).duration(Duration.ofSeconds(SECONDS))
                .broker("127.0.0.1", broker.mutualPort).enrollmentPort(broker.openPort).trust(trust)
                .build()) {

            FleetReport report = fleet.run(FleetProgressListener.NONE);

            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target", "fleet-mosquitto-report.txt"), report.summary());
            assertThat(report.enrolled()).isEqualTo(DEVICES);
            assertThat(report.renewed()).isGreaterThanOrEqualTo(DEVICES);
            assertThat(report.refusals()).isEmpty();
        }
    }
}
