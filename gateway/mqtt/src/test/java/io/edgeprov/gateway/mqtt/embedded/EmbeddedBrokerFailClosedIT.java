package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.TestPki;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Embedded HiveMQ serves everyone when its extension fails to start; the gateway's broker must
 * not. One broker whose extension start fails, for the whole class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EmbeddedBrokerFailClosedIT {
    private TestPki pki;
    private ExecutorService requestExecutor;
    private EmbeddedBroker broker;
    private Path brokerFolder;
    private int port;
    private Optional<BrokerException> startFailure = Optional.empty();

    @BeforeAll
    void start_broker_whose_extension_fails(@TempDir Path work) throws Exception {
        pki = new TestPki();
        requestExecutor = Executors.newSingleThreadExecutor();
        port = freeLoopbackPort();
        brokerFolder = work.resolve("broker");
        TestPki.Credential server = pki.server();
        broker = EmbeddedBroker.builder()
                .config(BrokerConfig.loopback(server.chain(), server.key(), pki.gatewayCa(), brokerFolder).withPort(port))
                .certificatePolicy(new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> false,
                        Clock.systemUTC()))
                .requestHandler((who, topic, payload) -> CompletableFuture.completedFuture(Optional.empty()))
                .requestExecutor(requestExecutor)
                .startCheck(() -> {
                    throw new IllegalStateException("injected failure in the extension start");
                })
                .build();
        try {
            broker.start();
        } catch (BrokerException e) {
            startFailure = Optional.of(e);
        }
    }

    @AfterAll
    void stop() throws Exception {
        broker.close();
        requestExecutor.shutdownNow();
        requestExecutor.awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void start_throws_when_the_extension_did_not_finish_its_start() {
        assertThat(startFailure).hasValueSatisfying(
                e -> assertThat(e.failure()).isEqualTo(BrokerFailure.EXTENSION_NOT_READY));
    }

    @Test
    void no_client_can_connect_after_the_failed_start() {
        assertThatThrownBy(() -> DeviceClient.connect(port, "dev-any", pki.gatewayCa(), Optional.empty()))
                .isInstanceOf(MqttException.class);
    }

    @Test
    void nothing_listens_on_the_port_after_the_failed_start() throws Exception {
        try (ServerSocket rebind = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            assertThat(rebind.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void the_key_store_is_deleted_after_the_failed_start() {
        assertThat(brokerFolder.resolve("stores/server.p12")).doesNotExist();
        assertThat(Files.exists(brokerFolder.resolve("conf/config.xml"))).isFalse();
    }

    @Test
    void close_after_the_failed_start_is_safe_twice() {
        assertThatCode(() -> {
            broker.close();
            broker.close();
        }).doesNotThrowAnyException();
    }

    @Test
    void a_failed_broker_cannot_be_started_again() {
        assertThatThrownBy(broker::start).isInstanceOfSatisfying(BrokerException.class,
                e -> assertThat(e.failure()).isEqualTo(BrokerFailure.ALREADY_STARTED));
    }

    @Test
    void disconnect_on_a_broker_that_is_not_running_fails() {
        assertThat(broker.disconnect("dev-any", "revoked")).isCompletedExceptionally();
    }

    private static int freeLoopbackPort() throws Exception {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }
}
