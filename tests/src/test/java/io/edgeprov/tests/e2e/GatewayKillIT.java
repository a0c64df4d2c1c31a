package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
import io.edgeprov.sim.device.Backoff;
import io.edgeprov.sim.device.DeviceFailure;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash proof: the gateway process is killed with SIGKILL in the middle of an enrollment storm
 * and started again on the same ports and data folder. Every certificate a device was handed
 * must be on record, no serial may repeat, the audit chain must verify, and the devices left
 * without an answer must retry and enroll with the restarted gateway.
 */
class GatewayKillIT {
    private static final int DEVICES = Integer.getInteger("kill.devices", 100);
    private static final int KILL_AFTER_ENROLLED = 30;
    /** Exit status of a process ended by signal 9. */
    private static final int SIGKILL_STATUS = 128 + 9;
    private static final Duration HEALTHY_WITHIN = Duration.ofSeconds(60);

    @TempDir
    static Path folder;
    static Path gatewayFolder;
    static final List<GatewayProcess> processes = new ArrayList<>();
    static Fleet fleet;
    static List<String> deviceIds;
    static CertificateWitness witness;
    static int killedStatus;
    static boolean aliveAfterKill;
    static Set<String> heldAtKill;
    static boolean everyDeviceServedAfterRestart;
    static FleetReport report;
    static SqliteRegistry registry;

    @BeforeAll
    static void given_a_gateway_process_killed_mid_storm_and_restarted() throws Exception {
        int mqttPort = GivenGateway.freeLoopbackPort();
        int httpPort = GivenGateway.freeLoopbackPort();
        gatewayFolder = initialized(folder, mqttPort, httpPort);
        Path config = gatewayFolder.resolve("gateway.yaml");
        GatewayProcess first = launched(config, httpPort, "gateway-1");

        // The TPMs are made while the child JVM starts; ECC EKs because RSA key generation for a
        // hundred TPMs takes most of a minute on this machine, and the crash does not depend on the EK type.
        witness = new CertificateWitness();
        fleet = Fleet.builder().devices(DEVICES).concurrency(16).idPrefix("crash-").seed(11L).ekMix(EkMix.ECC)
                .settings(patientDevices()).transports(witness.transports("127.0.0.1", mqttPort, GivenGateway.trustChain(gatewayFolder)))
                .progressInterval(Duration.ofMillis(100)).duration(Duration.ofSeconds(150)).build();
        deviceIds = fleet.deviceIds().stream().map(DeviceId::value).toList();
        first.awaitHealthy(HEALTHY_WITHIN);
        allow(gatewayFolder, fleet.onboarding());

        CountDownLatch firstEnrolled = new CountDownLatch(1);
        ExecutorService runner = Executors.newSingleThreadExecutor();
        try {
            Future<FleetReport> run = runner.submit(() -> fleet.run(progress -> {
                if (progress.enrolled() >= KILL_AFTER_ENROLLED) {
                    firstEnrolled.countDown();
                }
            }));
            assertThat(firstEnrolled.await(90, TimeUnit.SECONDS))
                    .as("%d devices enrolled with the first gateway\n%s", KILL_AFTER_ENROLLED, first.output()).isTrue();

            killedStatus = first.kill();
            aliveAfterKill = first.isAlive();
            heldAtKill = witness.devicesWithCertificate();

            CountDownLatch servedAfterRestart = witness.watchRestart(DEVICES);
            GatewayProcess second = launched(config, httpPort, "gateway-2");
            second.awaitHealthy(HEALTHY_WITHIN);
            everyDeviceServedAfterRestart = servedAfterRestart.await(90, TimeUnit.SECONDS);
            fleet.stop();
            report = run.get(60, TimeUnit.SECONDS);
            second.stop();
        } finally {
            fleet.stop();
            runner.shutdownNow();
        }
        registry = SqliteRegistry.open(SqliteRegistryConfig.defaults(gatewayFolder.resolve("data/registry.db")),
                Clock.systemUTC(), Runnable::run);
    }

    @AfterAll
    static void stop_everything_started() {
        processes.forEach(GatewayProcess::close);
        if (registry != null) {
            registry.close();
        }
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void the_first_gateway_process_dies_of_sigkill() {
        assertThat(killedStatus).isEqualTo(SIGKILL_STATUS);
        assertThat(aliveAfterKill).isFalse();
    }

    @Test
    void the_kill_lands_while_devices_are_still_enrolling() {
        assertThat(heldAtKill).hasSizeGreaterThanOrEqualTo(KILL_AFTER_ENROLLED).hasSizeLessThan(DEVICES);
    }

    @Test
    void the_restarted_gateway_hands_every_device_a_certificate() {
        assertThat(everyDeviceServedAfterRestart).as(report.summary()).isTrue();
        assertThat(witness.devicesServedAfterRestart()).containsExactlyInAnyOrderElementsOf(deviceIds);
    }

    @Test
    void devices_left_without_an_answer_retry_and_enroll() {
        Set<String> unanswered = new HashSet<>(deviceIds);
        unanswered.removeAll(heldAtKill);
        assertThat(report.failures().getOrDefault(DeviceFailure.TRANSPORT, 0)
                + report.failures().getOrDefault(DeviceFailure.TIMED_OUT, 0)).as(report.summary()).isPositive();
        assertThat(witness.devicesWithCertificate()).containsAll(unanswered);
        assertThat(report.gaveUp()).as(report.summary()).isZero();
    }

    @Test
    void every_certificate_a_device_holds_is_on_record_under_that_device() {
        Map<String, Set<String>> held = witness.serialsByDevice();
        assertThat(held.keySet()).containsExactlyInAnyOrderElementsOf(deviceIds);
        held.forEach((device, serials) -> serials.forEach(serial -> {
            Optional<CertificateRecord> recorded = registry.certificates().findBySerial(serial);
            assertThat(recorded).as("serial %s held by %s", serial, device).isPresent();
            assertThat(recorded.get().deviceId()).as("serial %s", serial).isEqualTo(device);
        }));
    }

    @Test
    void no_serial_is_issued_twice() {
        List<String> recorded = deviceIds.stream()
                .flatMap(device -> registry.certificates().findByDevice(device).stream())
                .map(CertificateRecord::serialHex).toList();
        assertThat(recorded).hasSizeGreaterThanOrEqualTo(DEVICES).doesNotHaveDuplicates();
        assertThat(witness.devicesBySerial()).allSatisfy((serial, holders) -> assertThat(holders).as(serial).hasSize(1));
    }

    @Test
    void the_audit_chain_verifies_after_the_crash() {
        String verdict = GivenGateway.cli("audit", "verify", "--db", gatewayFolder.resolve("data/registry.db").toString());
        assertThat(verdict).startsWith("intact:");
    }

    // ---------------------------------------------------------------- given

    /** Devices that keep retrying through a gateway restart, and renew every few seconds. */
    private static DeviceSettings patientDevices() {
        return new DeviceSettings(Duration.ofSeconds(5), Duration.ofSeconds(5), Optional.of(Duration.ofSeconds(3)), false,
                new Backoff(Duration.ofMillis(250), Duration.ofSeconds(2)), 60);
    }

    /** Starts a child gateway JVM and remembers it, so that {@code @AfterAll} kills it by PID whatever happens. */
    private static GatewayProcess launched(Path config, int httpPort, String name) throws IOException {
        GatewayProcess process = GatewayProcess.start(config, httpPort, folder.resolve("logs"), name);
        processes.add(process);
        return process;
    }

    /** `init` with passphrase files and the ports the child gateway must keep across its restart. */
    private static Path initialized(Path root, int mqttPort, int httpPort) throws IOException {
        Path out = root.resolve("gw");
        GivenGateway.cli("init", "--out", out.toString(), "--fleet-org", "Crash Fleet", "--trust-domain", "fleet.crash.test",
                "--gateway-id", "gw-crash", "--root-passphrase-file", GivenGateway.secretFile(root.resolve("root.pass")).toString(),
                "--ca-passphrase-file", GivenGateway.secretFile(root.resolve("ca.pass")).toString(),
                "--mqtt-port", String.valueOf(mqttPort), "--coap-port", "0", "--http-port", String.valueOf(httpPort));
        return out;
    }

    /** `allow --csv` in this JVM while the child gateway runs: the registry takes a second writer. */
    private static void allow(Path gateway, List<OnboardingEntry> devices) throws IOException {
        Path csv = gateway.resolve("devices.csv");
        try (Writer writer = Files.newBufferedWriter(csv)) {
            Onboarding.writeCsv(devices, writer);
        }
        GivenGateway.cli("allow", "--config", gateway.resolve("gateway.yaml").toString(), "--csv", csv.toString());
    }
}
