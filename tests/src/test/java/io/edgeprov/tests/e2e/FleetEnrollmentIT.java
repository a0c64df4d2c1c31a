package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The product's main job, end to end: a gateway made with `init`, devices allowed with `allow --csv`,
 * and fleets of simulated TPM devices attesting, receiving certificates and renewing them, over each
 * device path ({@link EnrollmentPath}, the suite's parameter): mTLS over the real embedded broker, once keeping
 * the attesting connection the gateway promoted (one TLS handshake per enrollment, docs/decisions/0036) and once
 * reconnecting with the new certificate (two, the MQTT 3.1.1 and Mosquitto path), and DTLS to the CoAP front
 * end. The fleets run at once, a share of the devices each, so the gateway carries the same load as one fleet
 * would and the suite takes no longer for each further path.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetEnrollmentIT {
    private static final int DEVICES = Integer.getInteger("e2e.devices", 200);
    private static final int PER_WIRE = Math.max(1, DEVICES / EnrollmentPath.values().length);

    /** A transport and, on MQTT, whether the device keeps its promoted attesting connection. */
    enum EnrollmentPath {
        MQTT_ONE_HANDSHAKE(DeviceWire.MQTT, true),
        MQTT_TWO_HANDSHAKES(DeviceWire.MQTT, false),
        COAP(DeviceWire.COAP, false);

        final DeviceWire wire;
        final boolean acceptPromotion;

        EnrollmentPath(DeviceWire wire, boolean acceptPromotion) {
            this.wire = wire;
            this.acceptPromotion = acceptPromotion;
        }
    }

    @TempDir
    static Path folder;
    static GivenGateway gateway;
    static final Map<EnrollmentPath, FleetReport> reports = new EnumMap<>(EnrollmentPath.class);
    static final Map<EnrollmentPath, List<OnboardingEntry>> allowed = new EnumMap<>(EnrollmentPath.class);

    @BeforeAll
    static void given_a_gateway_and_an_allowed_fleet_per_transport_that_ran_at_once() throws Exception {
        gateway = GivenGateway.initializedAndStarted(folder, "gw-e2e");
        Map<EnrollmentPath, CompletableFuture<FleetReport>> runs = new EnumMap<>(EnrollmentPath.class);
        for (EnrollmentPath wire : EnrollmentPath.values()) {
            Fleet fleet = fleet(wire, "e2e-" + wire.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-", 7L + wire.ordinal(), PER_WIRE)
                    .renewAfter(Duration.ofSeconds(4)).duration(Duration.ofSeconds(60)).build();
            allowed.put(wire, fleet.onboarding());
            gateway.allow(fleet.onboarding());
            runs.put(wire, CompletableFuture.supplyAsync(() -> run(fleet)));
        }
        for (Map.Entry<EnrollmentPath, CompletableFuture<FleetReport>> run : runs.entrySet()) {
            reports.put(run.getKey(), run.getValue().get(3, TimeUnit.MINUTES));
        }
    }

    private static FleetReport run(Fleet fleet) {
        try (fleet) {
            return fleet.run(progress -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @AfterAll
    static void stop_the_gateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    private static io.edgeprov.sim.fleet.FleetBuilder fleet(EnrollmentPath wire, String prefix, long seed, int devices) throws Exception {
        return wire.wire.onto(Fleet.builder().devices(devices).concurrency(8).idPrefix(prefix).seed(seed).ekMix(EkMix.MIXED)
                .acceptPromotion(wire.acceptPromotion), gateway);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EnrollmentPath.class)
    @Order(1)
    void every_device_is_attested_and_gets_a_certificate(EnrollmentPath wire) {
        FleetReport report = reports.get(wire);
        assertThat(report.enrolled()).as(report.summary()).isGreaterThanOrEqualTo(PER_WIRE);
        // The only refusal a healthy fleet meets is the policy's periodic re-attestation (every 10
        // renewals by default), and each one must have led to a successful re-attestation.
        assertThat(report.refusals().keySet()).as(report.summary()).isSubsetOf(WireErrorCode.REATTESTATION_REQUIRED);
        assertThat(report.reattestations()).as(report.summary()).isEqualTo(report.refusals(WireErrorCode.REATTESTATION_REQUIRED));
        assertThat(report.inState(SimulatedDeviceState.FAILED)).as(report.summary()).isZero();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EnrollmentPath.class)
    @Order(2)
    void every_device_renews_authenticated_by_its_certificate(EnrollmentPath wire) {
        FleetReport report = reports.get(wire);
        assertThat(report.renewed()).as(report.summary()).isGreaterThanOrEqualTo(PER_WIRE);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EnrollmentPath.class)
    @Order(3)
    void every_certificate_a_device_holds_is_on_record(EnrollmentPath wire) {
        for (OnboardingEntry device : allowed.get(wire)) {
            assertThat(gateway.application.registry().certificates().findByDevice(device.deviceId().value()))
                    .as(device.deviceId().value()).hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(EnrollmentPath.class)
    @Order(4)
    void a_device_no_enrollment_allows_is_refused_and_the_refusal_is_audited(EnrollmentPath wire) throws Exception {
        String prefix = "stranger-" + wire.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-";
        FleetReport stranger = run(fleet(wire, prefix, 99L, 1).duration(Duration.ofSeconds(8)).build());
        assertThat(stranger.enrolled()).isZero();
        assertThat(stranger.refusals(WireErrorCode.NOT_ENROLLED)).as(stranger.summary()).isPositive();
        try (SqliteAuditReader audit = SqliteAuditReader.open(gateway.folder.resolve("data/registry.db"))) {
            List<AuditEntry> entries = audit.entriesFrom(1, Integer.MAX_VALUE);
            assertThat(entries).anySatisfy(entry -> {
                assertThat(entry.event().outcome()).isEqualTo(AuditOutcome.DENIED);
                assertThat(entry.event().target()).contains(prefix);
            });
        }
    }

    @Test
    @Order(5)
    void the_audit_chain_of_the_whole_run_verifies() throws Exception {
        try (SqliteAuditReader audit = SqliteAuditReader.open(gateway.folder.resolve("data/registry.db"))) {
            ChainVerdict verdict = new AuditChainVerifier(audit).verify();
            assertThat(verdict).isInstanceOfSatisfying(ChainVerdict.Intact.class,
                    intact -> assertThat(intact.count()).isGreaterThan(2L * DEVICES));
        }
    }
}
