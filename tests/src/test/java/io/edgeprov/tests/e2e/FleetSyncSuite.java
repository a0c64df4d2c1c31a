package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.RawMqtt;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.sync.FleetEvent;
import io.edgeprov.gateway.sync.FleetEventPage;
import io.edgeprov.gateway.sync.FleetPages;
import io.edgeprov.gateway.sync.FleetTopics;
import io.edgeprov.gateway.sync.FleetTrust;
import io.edgeprov.gateway.sync.GatewayIdentity;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import io.edgeprov.tests.upstream.MqttEndpoint;
import io.edgeprov.tests.upstream.UpstreamBroker;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import javax.net.ssl.SSLSocket;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fleet-wide revocation through a real upstream broker, run once per kind of upstream (a three-node
 * RabbitMQ cluster, a single Mosquitto): two gateway processes, each made the way a fleet administrator
 * makes them (`init` with the fleet root for gw-a; `fleet-gateway` then `init --import-ca --import-identity`
 * for gw-b), attached to different broker nodes. A revocation on one cuts the device off on the other;
 * an outage, revocations on both sides and a SIGKILL lose nothing and apply nothing twice; forged
 * pages are refused and audited.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class FleetSyncSuite {
    private static final String ORG = io.edgeprov.gateway.app.cli.GivenGateway.ORG;
    private static final String TRUST_DOMAIN = io.edgeprov.gateway.app.cli.GivenGateway.TRUST_DOMAIN;
    private static final List<String> DEVICES = List.of("dev-1", "dev-2", "dev-3", "dev-4", "dev-5");
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(90);
    /** Generous: the figure printed is what matters; the bound only catches a path that does not work at all. */
    private static final Duration CUT_OFF_BOUND = Duration.ofSeconds(5);
    private static final SecureRandom RANDOM = new SecureRandom();

    @TempDir
    static Path folder;
    UpstreamBroker upstream;
    final Map<String, Site> sites = new LinkedHashMap<>();
    final List<GatewayProcess> processes = new ArrayList<>();
    final StringBuilder figures = new StringBuilder();

    /** The upstream this run uses, not started yet. */
    abstract UpstreamBroker upstream(Path folder) throws Exception;

    /** One gateway: its folder, ports, process, and the certificate each device holds there. */
    static final class Site {
        final String id;
        final Path dir;
        final int mqttPort;
        final int httpPort;
        final int node;
        final Map<String, io.edgeprov.gateway.app.cli.GivenGateway.Device> devices = new LinkedHashMap<>();
        GatewayProcess process;

        Site(String id, Path dir, int mqttPort, int httpPort, int node) {
            this.id = id;
            this.dir = dir;
            this.mqttPort = mqttPort;
            this.httpPort = httpPort;
            this.node = node;
        }

        Path config() {
            return dir.resolve("gateway.yaml");
        }

        Path registry() {
            return dir.resolve("data").resolve("registry.db");
        }
    }

    @BeforeAll
    void given_two_gateways_on_different_nodes_of_the_upstream() throws Exception {
        upstream = upstream(Files.createDirectories(folder.resolve("upstream")));
        long began = System.nanoTime();
        upstream.start();
        figures.append(String.format("%s started in %d ms%n", upstream.name(), (System.nanoTime() - began) / 1_000_000));
        Path rootPass = GivenGateway.secretFile(folder.resolve("root.pass"));
        Path caPassA = GivenGateway.secretFile(folder.resolve("ca-a.pass"));
        Path caPassB = GivenGateway.secretFile(folder.resolve("ca-b.pass"));
        Path brokerPass = Files.createFile(folder.resolve("upstream.pass"), java.nio.file.attribute.PosixFilePermissions
                .asFileAttribute(java.nio.file.attribute.PosixFilePermissions.fromString("rw-------")));
        Files.writeString(brokerPass, upstream.credentials().password() + "\n");
        int nodeB = upstream.nodes().size() - 1;

        Site a = new Site("gw-a", folder.resolve("gw-a"), GivenGateway.freeLoopbackPort(), GivenGateway.freeLoopbackPort(), 0);
        GivenGateway.cli("init", "--out", a.dir.toString(), "--fleet-org", ORG, "--trust-domain", TRUST_DOMAIN,
                "--gateway-id", a.id, "--root-passphrase-file", rootPass.toString(), "--ca-passphrase-file", caPassA.toString(),
                "--mqtt-port", Integer.toString(a.mqttPort), "--coap-port", "0", "--http-port", Integer.toString(a.httpPort),
                "--upstream", upstream.nodes().get(a.node).serverUri());
        Site b = new Site("gw-b", folder.resolve("gw-b"), GivenGateway.freeLoopbackPort(), GivenGateway.freeLoopbackPort(), nodeB);
        Path keysB = folder.resolve("keys-b");
        GivenGateway.cli("fleet-gateway", "--root", a.dir.resolve("fleet-root.p12").toString(), "--root-passphrase-file",
                rootPass.toString(), "--ca-passphrase-file", caPassB.toString(), "--fleet-org", ORG, "--trust-domain",
                TRUST_DOMAIN, "--gateway-id", b.id, "--out", keysB.toString());
        GivenGateway.cli("init", "--out", b.dir.toString(), "--fleet-org", ORG, "--trust-domain", TRUST_DOMAIN,
                "--gateway-id", b.id, "--ca-passphrase-file", caPassB.toString(),
                "--import-ca", keysB.resolve("gateway-ca.p12").toString(),
                "--import-identity", keysB.resolve("gateway-identity.p12").toString(),
                "--mqtt-port", Integer.toString(b.mqttPort), "--coap-port", "0", "--http-port", Integer.toString(b.httpPort),
                "--upstream", upstream.nodes().get(b.node).serverUri());
        // A member with authority over site-c devices only, and a gateway of another fleet: the forgers below.
        GivenGateway.cli("fleet-gateway", "--root", a.dir.resolve("fleet-root.p12").toString(), "--root-passphrase-file",
                rootPass.toString(), "--ca-passphrase-file", caPassB.toString(), "--fleet-org", ORG, "--trust-domain",
                TRUST_DOMAIN, "--gateway-id", "gw-c", "--authority", "site-c-*", "--out", folder.resolve("keys-c").toString());
        GivenGateway.cli("init", "--out", folder.resolve("outsider").toString(), "--fleet-org", ORG, "--trust-domain",
                TRUST_DOMAIN, "--gateway-id", "gw-a", "--root-passphrase-file", rootPass.toString(), "--ca-passphrase-file",
                caPassB.toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0");
        for (Site site : List.of(a, b)) {
            withBrokerLogin(site.config(), upstream.credentials().username(), brokerPass);
            Path caPass = site == a ? caPassA : caPassB;
            try (Pkcs12CaKeyStore ca = Pkcs12CaKeyStore.load(site.dir.resolve("gateway-ca.p12"), PassphraseSource.fromFile(caPass))) {
                for (String device : DEVICES) {
                    // The same devices hold a certificate at both sites: they moved, and were provisioned again.
                    var certificate = io.edgeprov.gateway.app.cli.GivenGateway.deviceCertificate(ca, device);
                    io.edgeprov.gateway.app.cli.GivenGateway.recordIn(site.dir, certificate);
                    site.devices.put(device, certificate);
                }
            }
            sites.put(site.id, site);
        }
        for (Site site : sites.values()) {
            start(site, "first");
        }
        for (Site site : sites.values()) {
            site.process.awaitHealthy(HEALTHY_WITHIN);
            awaitMetric(site, "edgeprov_sync_connected", 1.0, HEALTHY_WITHIN);
        }
    }

    @AfterAll
    void stop_everything() throws Exception {
        System.out.println("fleet sync over " + (upstream == null ? "?" : upstream.name()) + ":\n" + figures);
        for (GatewayProcess process : processes) {
            process.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    @Order(1)
    void a_revocation_from_the_cli_beside_one_gateway_cuts_the_device_off_there_and_on_the_other() throws Exception {
        Site a = sites.get("gw-a");
        Site b = sites.get("gw-b");
        CompletableFuture<Instant> closedAtA = connectedUntilCut(a, "dev-1");
        CompletableFuture<Instant> closedAtB = connectedUntilCut(b, "dev-1");

        GivenGateway.cli("revoke", "--config", a.config().toString(), "--device", "dev-1", "--reason", "keyCompromise",
                "--note", "stolen from the van");
        Instant revoked = Instant.now();

        Duration cutA = Duration.between(revoked, closedAtA.get(30, java.util.concurrent.TimeUnit.SECONDS));
        Duration cutB = Duration.between(revoked, closedAtB.get(30, java.util.concurrent.TimeUnit.SECONDS));
        figures.append(String.format("dev-1 revoked by the CLI beside gw-a: cut off on gw-a after %d ms, on gw-b after %d ms%n",
                cutA.toMillis(), cutB.toMillis()));
        assertThat(cutA).as("cut off beside the CLI").isLessThan(CUT_OFF_BOUND);
        assertThat(cutB).as("cut off on the other gateway, through upstream").isLessThan(CUT_OFF_BOUND);
        assertThat(state(b, "dev-1")).isEqualTo("REVOKED");
        assertThat(revokedSerials(b)).contains(b.devices.get("dev-1").serialHex());
        assertThat(reconnects(b, "dev-1")).as("dev-1 reconnecting to gw-b").isFalse();
        assertThat(reconnects(b, "dev-2")).as("dev-2, not revoked, still connects to gw-b").isTrue();
    }

    @Test
    @Order(2)
    void revocations_on_both_sides_during_an_outage_and_a_sigkill_arrive_everywhere_exactly_once() throws Exception {
        Site a = sites.get("gw-a");
        Site b = sites.get("gw-b");
        upstream.stopNode(a.node);
        GivenGateway.cli("revoke", "--config", a.config().toString(), "--device", "dev-2", "--reason", "keyCompromise");
        GivenGateway.cli("revoke", "--config", b.config().toString(), "--device", "dev-3", "--reason", "cessationOfOperation");
        await(() -> outboxDepthOf(a) >= 1, Duration.ofSeconds(10), "gw-a's event waits in its outbox");
        assertThat(metric(a, "edgeprov_outbox_depth")).as("outbox depth metric while upstream is away").isGreaterThanOrEqualTo(1.0);
        // gw-b's event went up (its node is up) or waits; either way gw-b dies now, mid-sync for all it knows.
        int status = b.process.kill();
        assertThat(status).isEqualTo(128 + 9);

        if (a.node != b.node) {
            GivenGateway.cli("revoke", "--config", a.config().toString(), "--device", "dev-4", "--reason", "superseded");
        }
        upstream.startNode(a.node);
        start(b, "after-kill");
        b.process.awaitHealthy(HEALTHY_WITHIN);
        List<String> everyRevoked = a.node != b.node ? List.of("dev-1", "dev-2", "dev-3", "dev-4") : List.of("dev-1", "dev-2", "dev-3");
        long began = System.nanoTime();
        for (Site site : sites.values()) {
            await(() -> everyRevoked.stream().allMatch(device -> "REVOKED".equals(state(site, device))), Duration.ofSeconds(90),
                    site.id + " enforces " + everyRevoked);
        }
        figures.append(String.format("after the outage and the SIGKILL, both gateways held every revocation %d ms after the restart%n",
                (System.nanoTime() - began) / 1_000_000));
        for (Site site : sites.values()) {
            Map<String, Integer> entries = auditEntriesPerEvent(site);
            assertThat(entries).as("%s audits each revocation event once", site.id).hasSize(everyRevoked.size())
                    .allSatisfy((event, count) -> assertThat(count).as("audit entries of event %s on %s", event, site.id)
                            .isEqualTo(1));
            assertThat(revocationRows(site)).as("%s records each decision once", site.id).hasSize(everyRevoked.size());
            for (String device : everyRevoked) {
                assertThat(revokedSerials(site)).as("%s's CRL-bound serial of %s", site.id, device)
                        .contains(site.devices.get(device).serialHex());
            }
        }
        await(() -> outboxDepthOf(a) == 0 && outboxDepthOf(b) == 0, Duration.ofSeconds(30), "both outboxes drain");
        assertThat(reconnects(a, "dev-3")).as("dev-3, revoked on gw-b, reconnecting to gw-a").isFalse();
    }

    @Test
    @Order(3)
    void forged_pages_are_refused_and_audited_and_change_nothing() throws Exception {
        Site a = sites.get("gw-a");
        Site b = sites.get("gw-b");
        FleetPages sealer = new FleetPages(new FleetTrust(fleetRoot(a), new FleetNaming(ORG, TRUST_DOMAIN), Clock.systemUTC()));
        GatewayIdentity realA = identity(a.dir.resolve("gateway-identity.p12"), folder.resolve("ca-a.pass"), "gw-a");
        GatewayIdentity limitedC = identity(folder.resolve("keys-c").resolve("gateway-identity.p12"), folder.resolve("ca-b.pass"), "gw-c");
        GatewayIdentity outsider = identity(folder.resolve("outsider").resolve("gateway-identity.p12"), folder.resolve("ca-b.pass"), "gw-a");
        long before = refusalsIn(b);
        RevocationRecord recordedDev1 = revocationRows(a).values().stream().filter(r -> r.deviceId().equals("dev-1")).findFirst()
                .orElseThrow();

        byte[] badSignature = sealer.seal(page("gw-a", 900, "dev-5", RevocationEventId.random(RANDOM)), realA);
        badSignature = new String(badSignature, StandardCharsets.US_ASCII).replaceFirst("\"sig\":\"(.)", "\"sig\":\"A")
                .getBytes(StandardCharsets.US_ASCII);
        publish(a, "gw-a", badSignature);
        publish(a, "gw-a", sealer.seal(page("gw-a", 901, "dev-5", RevocationEventId.random(RANDOM)), outsider));
        publish(a, "gw-c", sealer.seal(page("gw-c", 1, "dev-5", RevocationEventId.random(RANDOM)), limitedC));
        publish(a, "gw-z", sealer.seal(page("gw-z", 1, "site-c-1", RevocationEventId.random(RANDOM)), limitedC));
        // gw-a's own key replaying dev-1's event id with another device: a compromised or confused origin.
        publish(a, "gw-a", sealer.seal(page("gw-a", 902, "dev-5", recordedDev1.eventId()), realA));

        await(() -> refusalsIn(b) >= before + 5, Duration.ofSeconds(20), "gw-b audits five refusals");
        assertThat(refusalReasons(b)).contains("BAD_SIGNATURE", "UNTRUSTED_CHAIN", "OUTSIDE_AUTHORITY", "UNKNOWN_ORIGIN",
                "CONFLICTING_REPLAY");
        assertThat(state(b, "dev-5")).as("no forged page revoked dev-5").isEqualTo("ACTIVE");
        assertThat(reconnects(b, "dev-5")).isTrue();
        assertThat(metric(b, "edgeprov_sync_events_refused")).isGreaterThanOrEqualTo(5.0);
    }

    // ---- the gateways

    private void start(Site site, String run) throws Exception {
        site.process = GatewayProcess.start(site.config(), site.httpPort, folder.resolve("logs"), site.id + "-" + run);
        processes.add(site.process);
    }

    private static void withBrokerLogin(Path config, String username, Path passwordFile) throws Exception {
        YAMLMapper yaml = new YAMLMapper();
        ObjectNode root = (ObjectNode) yaml.readTree(config.toFile());
        ObjectNode sync = (ObjectNode) root.get("upstream");
        sync.put("username", username).put("passwordFile", passwordFile.toString());
        yaml.writeValue(config.toFile(), root);
    }

    /** A device connected to a gateway with its certificate there; completes when the gateway closes the connection. */
    private CompletableFuture<Instant> connectedUntilCut(Site site, String deviceId) throws Exception {
        SSLSocket socket = RawMqtt.handshake(new InetSocketAddress("127.0.0.1", site.mqttPort), caOf(site),
                Optional.of(site.devices.get(deviceId)));
        assertThat(RawMqtt.connect(socket, deviceId)).as("%s connects to %s", deviceId, site.id).isZero();
        CompletableFuture<Instant> closed = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (InputStream in = socket.getInputStream()) {
                while (in.read() != -1) {
                    // whatever the broker sends before it closes (the notice, a DISCONNECT)
                }
            } catch (java.io.IOException e) {
                // reset by the broker: closed as well
            }
            closed.complete(Instant.now());
        }, "watch-" + deviceId + "@" + site.id);
        reader.setDaemon(true);
        reader.start();
        return closed;
    }

    private boolean reconnects(Site site, String deviceId) {
        try (SSLSocket socket = RawMqtt.handshake(new InetSocketAddress("127.0.0.1", site.mqttPort), caOf(site),
                Optional.of(site.devices.get(deviceId)))) {
            boolean accepted = RawMqtt.connect(socket, deviceId) == 0;
            RawMqtt.disconnect(socket);
            return accepted;
        } catch (Exception refused) {
            return false;
        }
    }

    private static X509Certificate caOf(Site site) throws Exception {
        return GivenGateway.trustChain(site.dir).get(0);
    }

    private static X509Certificate fleetRoot(Site site) throws Exception {
        return GivenGateway.trustChain(site.dir).get(1);
    }

    // ---- what the registries hold (read-only, beside the running gateways)

    private static Connection readOnly(Site site) throws Exception {
        return DriverManager.getConnection("jdbc:sqlite:file:" + site.registry() + "?mode=ro");
    }

    private static String state(Site site, String deviceId) {
        try (Connection c = readOnly(site); PreparedStatement ps = c.prepareStatement("SELECT state FROM device WHERE device_id = ?")) {
            ps.setString(1, deviceId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "none";
            }
        } catch (Exception e) {
            return "unreadable: " + e.getMessage();
        }
    }

    private static List<String> revokedSerials(Site site) throws Exception {
        List<String> serials = new ArrayList<>();
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT serial_hex FROM certificate WHERE revoked_at_ms IS NOT NULL");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                serials.add(rs.getString(1));
            }
        }
        return serials;
    }

    private static Map<String, RevocationRecord> revocationRows(Site site) throws Exception {
        Map<String, RevocationRecord> rows = new LinkedHashMap<>();
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT event_id, device_id, reason, revoked_at_ms, actor, origin FROM revocation");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.put(rs.getString(1), new RevocationRecord(new RevocationEventId(rs.getString(1)), rs.getString(2),
                        RevocationReason.valueOf(rs.getString(3)), Instant.ofEpochMilli(rs.getLong(4)), rs.getString(5),
                        RevocationOrigin.parse(rs.getString(6)), Optional.empty()));
            }
        }
        return rows;
    }

    /** Audit entries that record a revocation (of a certificate, or of a device holding none), by event id. */
    private static Map<String, Integer> auditEntriesPerEvent(Site site) throws Exception {
        Map<String, Integer> counts = new LinkedHashMap<>();
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT details FROM audit_log WHERE action IN ('certificate.revoke', 'device.revoke')");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                String event = "none";
                for (String pair : rs.getString(1).split("&")) {
                    if (pair.startsWith("event=")) {
                        event = java.net.URLDecoder.decode(pair.substring("event=".length()), StandardCharsets.UTF_8);
                    }
                }
                counts.merge(event, 1, Integer::sum);
            }
        }
        return counts;
    }

    private static long refusalsIn(Site site) {
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM audit_log WHERE action = 'fleet.event.refuse'");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getLong(1) : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    private static List<String> refusalReasons(Site site) throws Exception {
        List<String> reasons = new ArrayList<>();
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT reason_code FROM audit_log WHERE action = 'fleet.event.refuse'");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                reasons.add(rs.getString(1));
            }
        }
        return reasons;
    }

    private static int outboxDepthOf(Site site) {
        try (Connection c = readOnly(site);
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM outbox WHERE delivered_at_ms IS NULL");
                ResultSet rs = ps.executeQuery()) {
            return rs.next() ? rs.getInt(1) : 0;
        } catch (Exception e) {
            return -1;
        }
    }

    // ---- metrics and waiting

    private static double metric(Site site, String name) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + site.httpPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        return response.body().lines().filter(line -> line.startsWith(name + " ") || line.startsWith(name + "{"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).findFirst().orElse(Double.NaN);
    }

    private static void awaitMetric(Site site, String name, double value, Duration timeout) throws Exception {
        await(() -> {
            try {
                return metric(site, name) == value;
            } catch (Exception e) {
                return false;
            }
        }, timeout, site.id + " reports " + name + " " + value);
    }

    /** Probes every 100 ms on a scheduler until the condition holds; fails naming it when the time runs out. */
    private static void await(BooleanSupplier condition, Duration timeout, String what) throws InterruptedException {
        CompletableFuture<Void> met = new CompletableFuture<>();
        java.util.concurrent.ScheduledExecutorService prober = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        try {
            prober.scheduleWithFixedDelay(() -> {
                if (condition.getAsBoolean()) {
                    met.complete(null);
                }
            }, 0, 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            met.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException | java.util.concurrent.ExecutionException e) {
            throw new AssertionError("timed out after " + timeout + " waiting until " + what, e);
        } finally {
            prober.shutdownNow();
        }
    }

    // ---- forging

    private static FleetEventPage page(String origin, long sequence, String deviceId, RevocationEventId eventId) {
        return new FleetEventPage(origin, List.of(new FleetEvent(sequence, new RevocationRecord(eventId, deviceId,
                RevocationReason.KEY_COMPROMISE, Instant.now().truncatedTo(ChronoUnit.MILLIS), "forger",
                new RevocationOrigin.Gateway(origin), Optional.empty()), List.of())));
    }

    private void publish(Site nodeOf, String topicOrigin, byte[] envelope) throws Exception {
        MqttEndpoint node = upstream.nodes().get(nodeOf.node);
        MqttClient client = new MqttClient(node.serverUri(), "forger-" + RANDOM.nextInt(1_000_000), new MemoryPersistence());
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(upstream.credentials().username());
        options.setPassword(upstream.credentials().passwordChars());
        client.connect(options);
        MqttMessage message = new MqttMessage(envelope);
        message.setQos(1);
        client.publish(FleetTopics.eventsOf(topicOrigin), message);
        client.disconnect();
        client.close();
    }

    private static GatewayIdentity identity(Path p12, Path passphraseFile, String gatewayId) throws Exception {
        char[] passphrase = Files.readString(passphraseFile).strip().toCharArray();
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            store.load(in, passphrase);
        }
        for (String alias : Collections.list(store.aliases())) {
            if (store.getKey(alias, passphrase) instanceof PrivateKey key) {
                List<X509Certificate> chain = new ArrayList<>();
                for (Certificate certificate : store.getCertificateChain(alias)) {
                    chain.add((X509Certificate) certificate);
                }
                return new GatewayIdentity(gatewayId, key, chain);
            }
        }
        throw new IllegalStateException(p12 + " holds no key");
    }
}
