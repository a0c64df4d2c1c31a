package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop and failed start free what they took. */
class GatewayApplicationLifecycleIT {
    private static final String WRONG_PASSPHRASE = "not the passphrase init used";

    @TempDir
    static Path folder;
    static GatewayConfig config;
    GatewayApplication application;

    @BeforeAll
    static void given_an_initialized_gateway() throws Exception {
        config = new GatewayConfigLoader().load(GivenGateway.initialized(folder.resolve("gw")));
    }

    @AfterEach
    void stop_the_gateway() {
        if (application != null) {
            application.stop();
        }
    }

    @Test
    void stop_frees_the_mqtt_port() throws Exception {
        application = GatewayApplication.builder().config(config).build();
        application.start();
        int port = application.mqttAddress().getPort();

        application.stop();

        assertThat(canBind(port)).as("port %d is free again", port).isTrue();
    }

    @Test
    void a_start_that_fails_at_the_health_endpoint_frees_the_mqtt_port_it_had_taken() throws Exception {
        int mqttPort = freePort();
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            application = GatewayApplication.builder().config(withPorts(mqttPort, taken.getLocalPort())).build();

            assertThatThrownBy(application::start).isInstanceOfSatisfying(GatewayStartException.class,
                    e -> assertThat(e.failure()).isEqualTo(StartFailure.HEALTH_ENDPOINT));
        }
        assertThat(canBind(mqttPort)).as("port %d is free again", mqttPort).isTrue();
    }

    @Test
    void a_wrong_ca_passphrase_fails_the_start_naming_the_key_store_and_never_the_passphrase() throws Exception {
        Path wrong = folder.resolve("wrong.pass");
        Files.createFile(wrong, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(wrong, WRONG_PASSPHRASE);
        GatewayConfig.CaKey.Pkcs12 pkcs12 = (GatewayConfig.CaKey.Pkcs12) config.caKey();
        application = GatewayApplication.builder().config(new GatewayConfig(config.gatewayId(), config.dataDir(), config.fleet(),
                new GatewayConfig.CaKey.Pkcs12(pkcs12.path(), new GatewayConfig.SecretRef.FromFile(wrong)), config.certificates(),
                config.enrollment(), config.mqtt(), config.http(), config.rateLimits())).build();

        assertThatThrownBy(application::start)
                .isInstanceOfSatisfying(GatewayStartException.class,
                        e -> assertThat(e.failure()).isEqualTo(StartFailure.CA_KEY_STORE))
                .hasMessageContaining("gateway-ca.p12")
                .hasMessageNotContaining(WRONG_PASSPHRASE);
    }

    @Test
    void a_busy_mqtt_port_fails_the_start_at_once_saying_so() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            application = GatewayApplication.builder().config(withPorts(taken.getLocalPort(), 0)).build();
            long started = System.nanoTime();

            assertThatThrownBy(application::start).isInstanceOfSatisfying(GatewayStartException.class,
                    e -> assertThat(e.failure()).isEqualTo(StartFailure.BROKER))
                    .hasMessageContaining("port " + taken.getLocalPort()).hasMessageContaining("in use");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).as("before HiveMQ's own 30 s failure")
                    .isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void stop_frees_the_coap_port() throws Exception {
        application = GatewayApplication.builder().config(config).build();
        application.start();
        int port = application.coapPort();

        application.stop();

        try (java.net.DatagramSocket again = new java.net.DatagramSocket(port, InetAddress.getByName("127.0.0.1"))) {
            assertThat(again.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void a_busy_coap_port_fails_the_start_naming_coap_and_the_port() throws Exception {
        try (java.net.DatagramSocket taken = new java.net.DatagramSocket(0, InetAddress.getByName("127.0.0.1"))) {
            application = GatewayApplication.builder()
                    .config(config.withCoap(GatewayConfig.Coap.on("127.0.0.1", taken.getLocalPort()))).build();

            assertThatThrownBy(application::start).isInstanceOfSatisfying(GatewayStartException.class,
                    e -> assertThat(e.failure()).isEqualTo(StartFailure.COAP))
                    .hasMessageContaining("coap").hasMessageContaining("127.0.0.1:" + taken.getLocalPort());
        }
    }

    @Test
    void a_broker_key_store_a_killed_gateway_left_behind_is_deleted_by_the_next_start_even_a_failed_one() throws Exception {
        Path broker = config.dataDir().resolve("broker");
        Path keyStore = broker.resolve("stores").resolve("server.p12");
        Path configXml = broker.resolve("conf").resolve("config.xml");
        Files.createDirectories(keyStore.getParent());
        Files.createDirectories(configXml.getParent());
        Files.writeString(keyStore, "the key store a SIGKILL left");
        Files.writeString(configXml, "<hivemq><password>left by a SIGKILL</password></hivemq>");
        GatewayConfig.CaKey.Pkcs12 pkcs12 = (GatewayConfig.CaKey.Pkcs12) config.caKey();
        application = GatewayApplication.builder().config(new GatewayConfig(config.gatewayId(), config.dataDir(),
                config.fleet(), new GatewayConfig.CaKey.Pkcs12(pkcs12.path(),
                        new GatewayConfig.SecretRef.FromEnvironment("EDGEPROV_NOT_SET_IN_THIS_TEST")), config.certificates(),
                config.enrollment(), config.mqtt(), config.http(), config.rateLimits())).environment(name -> null).build();

        assertThatThrownBy(application::start).isInstanceOf(GatewayStartException.class);

        assertThat(keyStore).doesNotExist();
        assertThat(configXml).doesNotExist();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(broker))).isEqualTo("rwx------");
    }

    @Test
    void the_registry_is_readable_by_the_gateway_user_only() throws Exception {
        application = GatewayApplication.builder().config(config).build();
        application.start();

        Path registry = config.dataDir().resolve("registry.db");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(registry))).isEqualTo("rw-------");
        Path wal = config.dataDir().resolve("registry.db-wal");
        if (Files.exists(wal)) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(wal))).isEqualTo("rw-------");
        }
    }

    private GatewayConfig withPorts(int mqttPort, int httpPort) {
        GatewayConfig.Mqtt mqtt = config.mqtt();
        return new GatewayConfig(config.gatewayId(), config.dataDir(), config.fleet(), config.caKey(), config.certificates(),
                config.enrollment(), new GatewayConfig.Mqtt(mqtt.mode(), mqtt.bind(), mqttPort, mqtt.externalHost(), mqtt.externalPort()),
                new GatewayConfig.Http(config.http().bind(), httpPort), config.rateLimits());
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket probe = new ServerSocket(port, 50, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
