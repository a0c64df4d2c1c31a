package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.gateway.mqtt.external.MosquittoProcess;
import io.edgeprov.gateway.sync.FleetPages;
import io.edgeprov.gateway.sync.FleetTopics;
import io.edgeprov.gateway.sync.FleetTrust;
import io.edgeprov.pki.FleetNaming;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway meets its upstream with its fleet identity: a Mosquitto that takes only TLS clients whose
 * certificate chains to the fleet root (require_certificate, cafile = fleet root) accepts the gateway's
 * sync connection, and the pages it publishes there open as the gateway's; a client without a
 * certificate is turned away by the same broker.
 */
class FleetSyncTlsIT {
    private static final String ORG = io.edgeprov.gateway.app.cli.GivenGateway.ORG;
    private static final String TRUST_DOMAIN = io.edgeprov.gateway.app.cli.GivenGateway.TRUST_DOMAIN;

    @TempDir
    static Path folder;
    static MosquittoProcess broker;
    static GatewayApplication gateway;
    static Path gatewayDir;
    static int brokerPort;
    static int httpPort;

    @BeforeAll
    static void given_a_gateway_whose_upstream_takes_only_fleet_identities() throws Exception {
        brokerPort = MosquittoProcess.freePort();
        httpPort = GivenGateway.freeLoopbackPort();
        Path rootPass = GivenGateway.secretFile(folder.resolve("root.pass"));
        Path caPass = GivenGateway.secretFile(folder.resolve("ca.pass"));
        gatewayDir = folder.resolve("gw-tls");
        GivenGateway.cli("init", "--out", gatewayDir.toString(), "--fleet-org", ORG, "--trust-domain", TRUST_DOMAIN,
                "--gateway-id", "gw-tls", "--root-passphrase-file", rootPass.toString(), "--ca-passphrase-file", caPass.toString(),
                "--mqtt-port", "0", "--coap-port", "0", "--http-port", Integer.toString(httpPort), "--upstream", "ssl://127.0.0.1:" + brokerPort);
        Path pki = Files.createDirectories(folder.resolve("broker-pki"));
        openssl(pki, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "ca.key",
                "-out", "ca.pem", "-subj", "/CN=fleet broker test CA", "-days", "2");
        openssl(pki, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "server.key",
                "-out", "server.csr", "-subj", "/CN=127.0.0.1");
        Files.writeString(pki.resolve("san.ext"), "subjectAltName=IP:127.0.0.1\n");
        openssl(pki, "x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial",
                "-out", "server.pem", "-days", "2", "-extfile", "san.ext");
        Path conf = folder.resolve("mosquitto.conf");
        Files.writeString(conf, "user " + System.getProperty("user.name") + "\n"
                + "listener " + brokerPort + " 127.0.0.1\n"
                + "cafile " + gatewayDir.resolve("fleet-root.pem") + "\n"
                + "certfile " + pki.resolve("server.pem") + "\n"
                + "keyfile " + pki.resolve("server.key") + "\n"
                + "require_certificate true\n"
                + "use_identity_as_username true\n"
                + "allow_anonymous false\n"
                + "log_dest stdout\n");
        broker = MosquittoProcess.start(conf, folder.resolve("mosquitto.log"), brokerPort);
        Path config = gatewayDir.resolve("gateway.yaml");
        Files.writeString(config, Files.readString(config) + "  brokerTrust: " + pki.resolve("ca.pem") + "\n");
        try (var ca = io.edgeprov.pki.keys.Pkcs12CaKeyStore.load(gatewayDir.resolve("gateway-ca.p12"),
                io.edgeprov.pki.keys.PassphraseSource.fromFile(caPass))) {
            io.edgeprov.gateway.app.cli.GivenGateway.recordIn(gatewayDir,
                    io.edgeprov.gateway.app.cli.GivenGateway.deviceCertificate(ca, "dev-tls-1"));
        }
        gateway = GatewayApplication.builder().config(new GatewayConfigLoader().load(config)).build();
        gateway.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (gateway != null) {
            gateway.stop();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void the_gateway_connects_with_its_fleet_identity_and_its_pages_open_as_its_own() throws Exception {
        BlockingQueue<byte[]> pages = new ArrayBlockingQueue<>(8);
        MqttClient observer = new MqttClient("ssl://127.0.0.1:" + brokerPort, "observer", new MemoryPersistence());
        MqttConnectOptions options = tlsOptions(true);
        observer.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                pages.add(message.getPayload());
            }

            @Override
            public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
            }
        });
        observer.connect(options);
        observer.subscribe(FleetTopics.eventsOf("gw-tls"), 1);
        GivenGateway.cli("revoke", "--config", gatewayDir.resolve("gateway.yaml").toString(), "--device", "dev-tls-1",
                "--reason", "keyCompromise");

        // The page can only arrive through the gateway's TLS session with its identity: waiting on it is the proof.
        byte[] page = pages.poll(30, TimeUnit.SECONDS);
        assertThat(page).as("a page on the gateway's topic\n%s", broker.log()).isNotNull();
        assertThat(metrics()).contains("edgeprov_sync_connected 1.0");
        FleetPages.OpenedPage opened = new FleetPages(new FleetTrust(fleetRoot(), new FleetNaming(ORG, TRUST_DOMAIN),
                Clock.systemUTC())).open(page);
        assertThat(opened.origin().gatewayId()).isEqualTo("gw-tls");
        assertThat(opened.page().events()).extracting(e -> e.revocation().deviceId()).containsExactly("dev-tls-1");
        observer.disconnect();
        observer.close();

        MqttClient anonymous = new MqttClient("ssl://127.0.0.1:" + brokerPort, "no-certificate", new MemoryPersistence());
        boolean refused;
        try {
            anonymous.connect(tlsOptions(false));
            refused = false;
            anonymous.disconnect();
        } catch (MqttException e) {
            refused = true;
        } finally {
            anonymous.close();
        }
        assertThat(refused).as("the same broker turns away a client without a certificate").isTrue();
    }

    private static MqttConnectOptions tlsOptions(boolean withIdentity) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        try (InputStream in = Files.newInputStream(folder.resolve("broker-pki").resolve("ca.pem"))) {
            trust.setCertificateEntry("broker-ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
        }
        TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        KeyManagerFactory keyManagers = null;
        if (withIdentity) {
            char[] passphrase = Files.readString(folder.resolve("ca.pass")).strip().toCharArray();
            KeyStore identity = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(gatewayDir.resolve("gateway-identity.p12"))) {
                identity.load(in, passphrase);
            }
            keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            keyManagers.init(identity, passphrase);
        }
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(keyManagers == null ? null : keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), new SecureRandom());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setSocketFactory(context.getSocketFactory());
        options.setConnectionTimeout(5);
        return options;
    }

    private static X509Certificate fleetRoot() throws Exception {
        return GivenGateway.trustChain(gatewayDir).get(1);
    }

    private static String metrics() throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + "/metrics"))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as("openssl %s: %s", args[0], output).isZero();
    }
}
