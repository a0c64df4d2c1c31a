package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bridge survives a Mosquitto restart, which (persistence off) forgets every session and subscription. */
class MosquittoReconnectIT {
    @TempDir
    Path folder;

    private MosquittoProcess mosquitto;
    private ExternalBrokerBridge bridge;
    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final RecordingHandler handler = new RecordingHandler();

    @AfterEach
    void stop_everything() throws Exception {
        if (bridge != null) {
            bridge.close();
        }
        executor.shutdownNow();
        if (mosquitto != null) {
            mosquitto.close();
        }
    }

    @Test
    void bridge_answers_again_after_the_broker_restarts() throws Exception {
        MosquittoPki pki = new MosquittoPki("gw1");
        int devicePort = MosquittoProcess.freePort();
        int enrollPort = MosquittoProcess.freePort();
        MosquittoSettings settings = MosquittoSettings.of("127.0.0.1", devicePort, enrollPort, MosquittoPki.GATEWAY_ID);
        if ("root".equals(System.getProperty("user.name"))) {
            settings = settings.withProcessUser("root");
        }
        MosquittoFiles files = MosquittoFiles.write(folder.resolve("mosquitto"), settings, pki.server(), pki.trusted(), pki.crl());
        mosquitto = MosquittoProcess.start(files.configFile(), folder.resolve("first.log"), devicePort, enrollPort);
        bridge = ExternalBrokerBridge.builder()
                .serverUri("ssl://127.0.0.1:" + devicePort)
                .gatewayId(MosquittoPki.GATEWAY_ID)
                .socketFactory(GatewayTls.socketFactory(pki.client(MosquittoPki.GATEWAY_ID), pki.trusted(), true, new SecureRandom()))
                .handler(handler)
                .executor(executor)
                .crlInstaller(files.crlInstaller(() -> mosquitto.reload()))
                .reconnectBackoff(Duration.ofSeconds(1), Duration.ofSeconds(2))
                .build();
        bridge.start();

        mosquitto.close();
        mosquitto = MosquittoProcess.start(files.configFile(), folder.resolve("second.log"), devicePort, enrollPort);

        thenDeviceGetsItsReplyWithin(pki, enrollPort, Duration.ofSeconds(15));
    }

    /** Retries the request until the reconnected bridge answers; a request sent before it resubscribed is simply lost. */
    private void thenDeviceGetsItsReplyWithin(MosquittoPki pki, int enrollPort, Duration timeout) throws Exception {
        String id = "dev-again";
        long deadline = System.nanoTime() + timeout.toNanos();
        try (TestDevice device = TestDevice.connect(enrollPort, id, pki.trusted(), Optional.empty())) {
            device.subscribe(Request.ATTEST_BEGIN.accepted(id));
            boolean answered = false;
            while (!answered && System.nanoTime() < deadline) {
                device.publish(Request.ATTEST_BEGIN.topic(id), "again");
                answered = device.awaitMessageOn(Request.ATTEST_BEGIN.accepted(id), new ArrayList<>()).isPresent();
            }
            assertThat(answered).as("reply after the broker restarted").isTrue();
        }
    }
}
