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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The product's main job, end to end: a gateway made with `init`, devices allowed with `allow --csv`,
 * and a fleet of simulated TPM devices attesting, receiving certificates and renewing them with
 * mTLS over the real embedded broker; once over each enrollment path (docs/decisions/0036): devices that keep
 * the attesting connection the gateway promoted (one TLS handshake per enrollment) and devices that reconnect
 * with their new certificate (two, the MQTT 3.1.1 and Mosquitto path).
 */
class FleetEnrollmentIT {
    private static final int DEVICES = Integer.getInteger("e2e.devices", 200);

    @Nested
    class OneHandshake extends FleetRun {
        OneHandshake() {
            super(true);
        }
    }

    @Nested
    class TwoHandshakes extends FleetRun {
        TwoHandshakes() {
            super(false);
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    abstract static class FleetRun {
        private final boolean acceptPromotion;
        Path folder;
        GivenGateway gateway;
        FleetReport report;
        List<OnboardingEntry> allowed;

        FleetRun(boolean acceptPromotion) {
            this.acceptPromotion = acceptPromotion;
        }

        @BeforeAll
        void given_a_gateway_and_an_allowed_fleet_that_ran(@TempDir Path temp) throws Exception {
            folder = temp;
            gateway = GivenGateway.initializedAndStarted(folder, "gw-e2e");
            Fleet fleet = fleet("e2e-", 7L, DEVICES).renewAfter(Duration.ofSeconds(4)).duration(Duration.ofSeconds(60)).build();
            allowed = fleet.onboarding();
            gateway.allow(allowed);
            report = fleet.run(progress -> { });
        }

        @AfterAll
        void stop_the_gateway() {
            if (gateway != null) {
                gateway.close();
            }
        }

        private io.edgeprov.sim.fleet.FleetBuilder fleet(String prefix, long seed, int devices) throws Exception {
            return Fleet.builder().devices(devices).concurrency(16).idPrefix(prefix).seed(seed).ekMix(EkMix.MIXED)
                    .broker("127.0.0.1", gateway.mqttPort()).trust(gateway.trustChain()).acceptPromotion(acceptPromotion);
        }

        @Test
        @Order(1)
        void every_device_is_attested_and_gets_a_certificate() {
            assertThat(report.enrolled()).as(report.summary()).isGreaterThanOrEqualTo(DEVICES);
            // The only refusal a healthy fleet meets is the policy's periodic re-attestation (every 10
            // renewals by default), and each one must have led to a successful re-attestation.
            assertThat(report.refusals().keySet()).as(report.summary()).isSubsetOf(WireErrorCode.REATTESTATION_REQUIRED);
            assertThat(report.reattestations()).as(report.summary()).isEqualTo(report.refusals(WireErrorCode.REATTESTATION_REQUIRED));
            assertThat(report.inState(SimulatedDeviceState.FAILED)).as(report.summary()).isZero();
        }

        @Test
        @Order(2)
        void every_device_renews_over_mtls() {
            assertThat(report.renewed()).as(report.summary()).isGreaterThanOrEqualTo(DEVICES);
        }

        @Test
        @Order(3)
        void every_certificate_a_device_holds_is_on_record() {
            for (OnboardingEntry device : allowed) {
                assertThat(gateway.application.registry().certificates().findByDevice(device.deviceId().value()))
                        .as(device.deviceId().value()).hasSizeGreaterThanOrEqualTo(2);
            }
        }

        @Test
        @Order(4)
        void a_device_no_enrollment_allows_is_refused_and_the_refusal_is_audited() throws Exception {
            FleetReport stranger = fleet("stranger-", 99L, 1).duration(Duration.ofSeconds(8)).build().run(progress -> { });
            assertThat(stranger.enrolled()).isZero();
            assertThat(stranger.refusals(WireErrorCode.NOT_ENROLLED)).as(stranger.summary()).isPositive();
            try (SqliteAuditReader audit = SqliteAuditReader.open(gateway.folder.resolve("data/registry.db"))) {
                List<AuditEntry> entries = audit.entriesFrom(1, Integer.MAX_VALUE);
                assertThat(entries).anySatisfy(entry -> {
                    assertThat(entry.event().outcome()).isEqualTo(AuditOutcome.DENIED);
                    assertThat(entry.event().target()).contains("stranger-");
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
}
