package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.gateway.app.RawMqtt;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import io.edgeprov.sim.device.Backoff;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Floods from the device network (issue 10), each bounded in count and time and run from 127.0.0.2 while
 * a legitimate fleet enrolls from 127.0.0.1 (Linux routes all of 127.0.0.0/8 to loopback, so the two are
 * different sources to the gateway): squatting device ids, trying to inherit sessions, begin floods,
 * certificate-less connection floods and slow HTTP clients. The gateway runs as operators run it, in its
 * own JVM, so that its open files and memory are read from /proc while each flood lasts. See
 * docs/threat-model.md for what each flood stands for.
 */
class DeviceNetworkFloodIT {
    private static final byte[] ATTACKER_ADDRESS = {127, 0, 0, 2};
    private static final int CONNACK_SUCCESS = 0x00;
    private static final int CONNACK_QUOTA_EXCEEDED = 0x97;
    /** rateLimits.unenrolledConnectionsPerSource and ...Total written into the gateway's configuration. */
    private static final int PER_SOURCE = 100;
    private static final int TOTAL = 400;
    /** rateLimits.perSourcePerMinute: far below what the begin flood sends, so the flood is rate limited too. */
    private static final int REQUESTS_PER_SOURCE_PER_MINUTE = 600;
    private static final int DEVICES_PER_FLOOD = 6;
    /**
     * Stated bounds. Open files: what the gateway holds at rest plus the attacker's connections up to the
     * per-source cap, the fleet's connections, and room for the broker's and JVM's own churn. Memory: the
     * child runs with -Xmx384m; its resident set must stay below this whatever the flood.
     */
    private static final long OPEN_FILES_ABOVE_REST = PER_SOURCE + DEVICES_PER_FLOOD + 100;
    private static final long RESIDENT_BYTES_MAX = 768L << 20;
    private static final Duration FLOOD_LIMIT = Duration.ofSeconds(90);

    @TempDir
    static Path folder;
    static Path gatewayFolder;
    static GatewayProcess gateway;
    static int mqttPort;
    static int httpPort;
    static List<X509Certificate> trust;
    static InetAddress attacker;
    static long openFilesAtRest;

    private ProcessSampler sampler;
    private final List<AutoCloseable> opened = new ArrayList<>();
    private final ExecutorService attackers = Executors.newCachedThreadPool(daemon("attacker"));

    @BeforeAll
    static void given_a_gateway_process_with_stated_limits() throws Exception {
        attacker = InetAddress.getByAddress(ATTACKER_ADDRESS);
        mqttPort = GivenGateway.freeLoopbackPort();
        httpPort = GivenGateway.freeLoopbackPort();
        gatewayFolder = initialized(folder, mqttPort, httpPort);
        gateway = GatewayProcess.start(gatewayFolder.resolve("gateway.yaml"), httpPort, folder.resolve("logs"), "gateway");
        trust = GivenGateway.trustChain(gatewayFolder);
        gateway.awaitHealthy(Duration.ofSeconds(60));
        // A first fleet warms the broker, the CA and the registry up, so "at rest" means after real work.
        FleetReport warmUp = enrollFleet("warm-", 1L);
        assertThat(warmUp.enrolled()).as(warmUp.summary()).isEqualTo(DEVICES_PER_FLOOD);
        openFilesAtRest = openFiles(gateway.pid());
    }

    @AfterAll
    static void stop_the_gateway() throws Exception {
        if (gateway != null) {
            assertThat(gateway.isAlive()).as("the gateway survived every flood\n%s", gateway.output()).isTrue();
            gateway.close();
        }
    }

    @BeforeEach
    void sample_the_gateway_while_the_flood_lasts() {
        sampler = new ProcessSampler(gateway.pid());
    }

    @AfterEach
    void stop_the_flood() throws Exception {
        attackers.shutdownNow();
        for (AutoCloseable closeable : opened) {
            closeable.close();
        }
        sampler.close();
    }

    @Test
    void squatters_holding_and_retaking_device_ids_do_not_keep_the_devices_out() throws Exception {
        Fleet fleet = fleet("squatted-", 2L);
        List<String> ids = fleet.deviceIds().stream().map(DeviceId::value).toList();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger taken = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        List<Future<?>> squatters = new ArrayList<>();
        for (String id : ids) {
            // Each squatter holds its id before the device starts, and takes it back whenever it loses it.
            squatters.add(attackers.submit(() -> {
                while (!stop.get()) {
                    try (SSLSocket socket = unenrolledFromAttacker()) {
                        if (RawMqtt.connect(socket, id) != CONNACK_SUCCESS) {
                            refused.incrementAndGet();
                            continue;
                        }
                        taken.incrementAndGet();
                        socket.setSoTimeout(200);
                        while (!stop.get() && RawMqtt.next(socket) == RawMqtt.TIMED_OUT) {
                            // holds the id until the broker ends the connection
                        }
                    } catch (IOException e) {
                        // the broker ended the connection mid-way: take the id again
                    }
                }
                return null;
            }));
        }
        awaitTrue(() -> taken.get() >= ids.size(), Duration.ofSeconds(30), "every squatter holds its id");

        FleetReport report = run(fleet);
        stop.set(true);

        assertThat(report.enrolled()).as("%s; squatters took ids %d times and were refused %d times", report.summary(),
                taken.get(), refused.get()).isEqualTo(DEVICES_PER_FLOOD);
        assertThat(report.inState(SimulatedDeviceState.FAILED)).as(report.summary()).isZero();
        assertThat(refused.get()).as("retaking ids is limited per source").isPositive();
        assertWithinBounds();
    }

    @Test
    void clients_without_a_certificate_never_resume_a_session_under_a_device_id() throws Exception {
        Fleet fleet = fleet("sessioned-", 3L);
        List<String> ids = fleet.deviceIds().stream().map(DeviceId::value).toList();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger resumed = new AtomicInteger();
        AtomicInteger delivered = new AtomicInteger();
        Future<?> intruder = attackers.submit(() -> {
            for (int round = 0; !stop.get() && round < 200; round++) {
                String id = ids.get(round % ids.size());
                try (SSLSocket socket = unenrolledFromAttacker()) {
                    RawMqtt.Connack connack = RawMqtt.connect(socket, id, false, 3600);
                    if (connack.reasonCode() != CONNACK_SUCCESS) {
                        continue;
                    }
                    accepted.incrementAndGet();
                    if (connack.sessionPresent()) {
                        resumed.incrementAndGet();
                    }
                    // Leaves a subscription behind in the session it asked to keep, for the next round to find.
                    RawMqtt.subscribeAtLeastOnce(socket, DeviceTopics.notice(new DeviceId(id)), 1);
                    socket.setSoTimeout(50);
                    int next = RawMqtt.next(socket);
                    if (next >= 0 && (next & 0xF0) == 0x30) {
                        delivered.incrementAndGet();
                    }
                    RawMqtt.disconnect(socket);
                } catch (IOException e) {
                    // taken over by the device or refused mid-way: the next round tries again
                }
            }
            return null;
        });

        FleetReport report = run(fleet);
        stop.set(true);
        intruder.get(30, TimeUnit.SECONDS);

        assertThat(report.enrolled()).as(report.summary()).isEqualTo(DEVICES_PER_FLOOD);
        assertThat(accepted.get()).as("the intruder got in under the devices' ids").isPositive();
        assertThat(resumed.get()).as("connects that resumed a session, of %d", accepted.get()).isZero();
        assertThat(delivered.get()).as("messages delivered from a kept session").isZero();
        assertWithinBounds();
    }

    @Test
    void a_begin_flood_from_one_connection_is_refused_and_summarised_not_written_per_packet() throws Exception {
        int floodSize = 3_000;
        String flooder = "flooder-1";
        // Well-formed begins of a genuine TPM that no enrollment covers: each one reaches the use case and is
        // refused there (or by the per-device and per-source rates), which is what used to write one audit
        // entry per packet. Malformed ones stop in the codec and never reach the audit log at all.
        SoftwareTpm tpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.ECC_P256).build();
        byte[] beginRequest = new JsonDeviceCodec().encode(new AttestationBegin(new ClientToken("ct_flood0000000001"),
                tpm.endorsementKeyPublic(), tpm.endorsementKeyCertificate(), tpm.attestationKeyPublic()));
        long auditBefore = auditEntries();
        double refusedBefore = refusals();
        Future<?> flood = attackers.submit(() -> {
            try (SSLSocket socket = unenrolledFromAttacker()) {
                assertThat(RawMqtt.connect(socket, flooder)).isEqualTo(CONNACK_SUCCESS);
                String begin = DeviceTopics.enrollBegin(new DeviceId(flooder));
                for (int i = 0; i < floodSize; i++) {
                    RawMqtt.publishAtMostOnce(socket, begin, beginRequest);
                }
                // A PUBLISH at QoS 1 comes back acknowledged only after the broker took in everything before it.
                RawMqtt.publish(socket, begin, beginRequest, 1);
            }
            return null;
        });

        FleetReport report = run(fleet("flooded-", 4L));
        flood.get(60, TimeUnit.SECONDS);
        awaitTrue(() -> refusals() - refusedBefore >= floodSize, Duration.ofSeconds(60),
                "the gateway refused every begin of the flood");
        awaitSettled(DeviceNetworkFloodIT::refusals);
        List<AuditEntry> written = auditEntriesAfter(auditBefore);

        assertThat(report.enrolled()).as(report.summary()).isEqualTo(DEVICES_PER_FLOOD);
        // The fleet writes a handful of entries per device; the flood, its first refusal of each cause in full
        // and then a summary per cause and minute.
        assertThat(written.size()).as("audit entries written during a flood of %d begins, by action: %s", floodSize,
                written.stream().collect(Collectors.groupingBy(entry -> entry.event().action(), TreeMap::new,
                        Collectors.counting()))).isLessThan(10 * DEVICES_PER_FLOOD + 20);
        assertThat(written).as("the flood's first refusal is on the chain in full")
                .anySatisfy(entry -> assertThat(entry.event().target()).contains(flooder));
        assertThat(GivenGateway.cli("audit", "verify", "--db", gatewayFolder.resolve("data/registry.db").toString()))
                .startsWith("intact:");
        assertWithinBounds();
    }

    @Test
    void a_connection_flood_is_capped_per_source_and_idle_sockets_are_closed() throws Exception {
        int extra = 50;
        Callable<int[]> flood = () -> {
            int[] outcomes = new int[2];
            for (int i = 0; i < PER_SOURCE + extra; i++) {
                SSLSocket socket = unenrolledFromAttacker();
                opened.add(socket);
                int code = RawMqtt.connect(socket, "crowd-" + i);
                outcomes[code == CONNACK_SUCCESS ? 0 : 1]++;
                assertThat(code).isIn(CONNACK_SUCCESS, CONNACK_QUOTA_EXCEEDED);
            }
            return outcomes;
        };
        int[] outcomes = attackers.submit(flood).get(120, TimeUnit.SECONDS);
        // TCP connections that never start TLS: the broker must not keep them for good.
        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(attacker, 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), mqttPort), 5_000);
            opened.add(socket);
            idle.add(socket);
        }

        FleetReport report = run(fleet("crowded-", 5L));

        assertThat(outcomes[0]).as("certificate-less connections accepted from one source").isEqualTo(PER_SOURCE);
        assertThat(outcomes[1]).as("refused with QUOTA_EXCEEDED beyond the cap").isEqualTo(extra);
        assertThat(report.enrolled()).as(report.summary()).isEqualTo(DEVICES_PER_FLOOD);
        for (Socket socket : idle) {
            assertThat(closedByPeerWithin(socket, Duration.ofSeconds(30))).as("an idle TCP connection is closed").isTrue();
        }
        assertWithinBounds();
    }

    @Test
    void slow_http_clients_do_not_freeze_health_or_metrics() throws Exception {
        List<Socket> slow = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            Socket socket = new Socket();
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), httpPort), 5_000);
            opened.add(socket);
            socket.getOutputStream().write("GET /health HTTP/1.1\r\nHost: gateway\r\n".getBytes(StandardCharsets.US_ASCII));
            slow.add(socket);
        }
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

        for (String path : List.of("/health", "/metrics")) {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                    .timeout(Duration.ofSeconds(2)).GET().build(), HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).as(path).isEqualTo(200);
        }
        FleetReport report = run(fleet("probed-", 6L));

        assertThat(report.enrolled()).as(report.summary()).isEqualTo(DEVICES_PER_FLOOD);
        for (Socket socket : slow) {
            assertThat(closedByPeerWithin(socket, Duration.ofSeconds(15))).as("a request never finished is dropped").isTrue();
        }
        assertWithinBounds();
    }

    // ---------------------------------------------------------------- bounds

    private void assertWithinBounds() {
        sampler.close();
        assertThat(sampler.maxOpenFiles()).as("open files during the flood (%d at rest, bound %d above)", openFilesAtRest,
                OPEN_FILES_ABOVE_REST).isLessThanOrEqualTo(openFilesAtRest + OPEN_FILES_ABOVE_REST);
        assertThat(sampler.maxResidentBytes()).as("resident bytes during the flood").isLessThanOrEqualTo(RESIDENT_BYTES_MAX);
        assertThat(gateway.isAlive()).isTrue();
    }

    /** Reads the gateway's open files and resident set from /proc every 100 ms, keeping the highest. */
    private static final class ProcessSampler implements AutoCloseable {
        private final long pid;
        private final AtomicLong openFiles = new AtomicLong();
        private final AtomicLong residentBytes = new AtomicLong();
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(daemon("sampler"));

        ProcessSampler(long pid) {
            this.pid = pid;
            sample();
            timer.scheduleAtFixedRate(this::sample, 100, 100, TimeUnit.MILLISECONDS);
        }

        private void sample() {
            try {
                openFiles.accumulateAndGet(openFiles(pid), Math::max);
                residentBytes.accumulateAndGet(residentBytes(pid), Math::max);
            } catch (IOException e) {
                // the process is gone; assertWithinBounds says so
            }
        }

        long maxOpenFiles() {
            return openFiles.get();
        }

        long maxResidentBytes() {
            return residentBytes.get();
        }

        @Override
        public void close() {
            timer.shutdownNow();
            sample();
        }
    }

    static long openFiles(long pid) throws IOException {
        try (var entries = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            return entries.count();
        }
    }

    static long residentBytes(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
            }
        }
        throw new IOException("no VmRSS in /proc/" + pid + "/status");
    }

    // ---------------------------------------------------------------- given

    private SSLSocket unenrolledFromAttacker() throws Exception {
        return RawMqtt.handshakeFrom(new InetSocketAddress(InetAddress.getLoopbackAddress(), mqttPort), attacker,
                trust.get(0));
    }

    /** Devices that retry the way firmware does when a connection drops mid-attestation. */
    private static Fleet fleet(String prefix, long seed) throws Exception {
        Fleet fleet = Fleet.builder().devices(DEVICES_PER_FLOOD).concurrency(DEVICES_PER_FLOOD).idPrefix(prefix).seed(seed)
                .ekMix(EkMix.ECC).broker("127.0.0.1", mqttPort).trust(trust)
                .settings(new DeviceSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.empty(), false,
                        new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2)), 40))
                .maxWait(FLOOD_LIMIT).build();
        allow(fleet);
        return fleet;
    }

    private static FleetReport enrollFleet(String prefix, long seed) throws Exception {
        return run(fleet(prefix, seed));
    }

    private static FleetReport run(Fleet fleet) throws Exception {
        try (fleet) {
            return fleet.run(progress -> { });
        }
    }

    private static void allow(Fleet fleet) throws IOException {
        Path csv = gatewayFolder.resolve("devices-" + UUID.randomUUID() + ".csv");
        try (Writer writer = Files.newBufferedWriter(csv)) {
            io.edgeprov.sim.fleet.Onboarding.writeCsv(fleet.onboarding(), writer);
        }
        GivenGateway.cli("allow", "--config", gatewayFolder.resolve("gateway.yaml").toString(), "--csv", csv.toString());
    }

    private static List<AuditEntry> auditEntriesAfter(long sequence) {
        try (SqliteAuditReader audit = SqliteAuditReader.open(gatewayFolder.resolve("data/registry.db"))) {
            return audit.entriesFrom(sequence + 1, 100_000);
        }
    }

    private static long auditEntries() {
        try (SqliteAuditReader audit = SqliteAuditReader.open(gatewayFolder.resolve("data/registry.db"))) {
            return audit.head().map(AuditEntry::sequence).orElse(0L);
        }
    }

    /** Every request the gateway refused, by its own rules or for its source's rate. */
    private static double refusals() {
        return scrape().lines().filter(line -> line.startsWith("edgeprov_refusals_total{")
                        || line.startsWith("edgeprov_unauthorized_attempts_total{kind=\"source_rate_limited\"}"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    /** Waits until {@code reading} gives the same value twice, a second apart (at most 30 s). */
    private static void awaitSettled(Supplier<Double> reading) throws InterruptedException {
        double last = reading.get();
        for (int i = 0; i < 30; i++) {
            Thread.sleep(1_000);
            double now = reading.get();
            if (now == last) {
                return;
            }
            last = now;
        }
        throw new AssertionError("the gateway was still refusing the flood 30 s after it ended");
    }

    private static String scrape() {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort
                    + "/metrics")).timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new AssertionError("cannot scrape the gateway's metrics: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while scraping", e);
        }
    }

    /** Whether the peer closes {@code socket} (read returns end of stream, or the connection resets) in time. */
    private static boolean closedByPeerWithin(Socket socket, Duration timeout) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        while (System.nanoTime() < deadline) {
            socket.setSoTimeout((int) Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
            try {
                if (in.read(buffer) < 0) {
                    return true;
                }
            } catch (SocketTimeoutException e) {
                return false;
            } catch (IOException reset) {
                return true;
            }
        }
        return false;
    }

    private static void awaitTrue(Supplier<Boolean> condition, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("%s within %s\n%s", what, timeout, gateway.output()).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** `init`, then the limits under test written into the configuration as an operator would. */
    private static Path initialized(Path root, int mqtt, int http) throws IOException {
        Path out = root.resolve("gw");
        GivenGateway.cli("init", "--out", out.toString(), "--fleet-org", "Flood Fleet", "--trust-domain", "fleet.flood.test",
                "--gateway-id", "gw-flood", "--root-passphrase-file", GivenGateway.secretFile(root.resolve("root.pass")).toString(),
                "--ca-passphrase-file", GivenGateway.secretFile(root.resolve("ca.pass")).toString(),
                "--mqtt-port", String.valueOf(mqtt), "--coap-port", "0", "--http-port", String.valueOf(http));
        Files.writeString(out.resolve("gateway.yaml"), "rateLimits:\n"
                + "  perSourcePerMinute: " + REQUESTS_PER_SOURCE_PER_MINUTE + "\n"
                + "  unenrolledConnectionsPerSource: " + PER_SOURCE + "\n"
                + "  unenrolledConnectionsTotal: " + TOTAL + "\n", StandardOpenOption.APPEND);
        return out;
    }
}
