package io.edgeprov.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.device.RevocationPath;
import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.sim.device.FakeGateway;
import io.edgeprov.sim.device.GatewayPki;
import io.edgeprov.sim.device.InMemoryTransport;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Fleets against the in-memory gateway: no broker, no network. */
class FleetTest {
    private FakeGateway gateway;
    private Fleet fleet;

    @BeforeEach
    void given_a_gateway() throws Exception {
        gateway = new FakeGateway(new GatewayPki(Clock.systemUTC(), Duration.ofMinutes(10)), Clock.systemUTC());
    }

    @AfterEach
    void close_fleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    void run_enrolls_every_device() throws Exception {
        fleet = givenFleet(6).build();

        FleetReport report = fleet.run(FleetProgressListener.NONE);

        assertThat(report.enrolled()).isEqualTo(6);
        assertThat(report.inState(SimulatedDeviceState.ENROLLED)).isEqualTo(6);
        assertThat(report.enrollment().count()).isEqualTo(6);
    }

    @Test
    void run_with_renew_after_renews_within_the_duration() throws Exception {
        fleet = givenFleet(3).renewAfter(Duration.ofMillis(100)).duration(Duration.ofMillis(1500)).build();

        FleetReport report = fleet.run(FleetProgressListener.NONE);

        assertThat(report.renewed()).isGreaterThanOrEqualTo(3);
        assertThat(report.renewal().count()).isEqualTo(report.renewed());
    }

    @Test
    void report_counts_refusals_by_code() throws Exception {
        fleet = givenFleet(4).build();
        Set<String> allowed = fleet.onboarding().stream().skip(1).map(OnboardingEntry::ekSha256).collect(Collectors.toSet());
        gateway.allowOnly(allowed);

        FleetReport report = fleet.run(FleetProgressListener.NONE);

        assertThat(report.refusals(WireErrorCode.NOT_ENROLLED)).isEqualTo(1);
        assertThat(report.gaveUp()).isEqualTo(1);
        assertThat(report.enrolled()).isEqualTo(3);
    }

    @Test
    void a_renewal_refused_as_revoked_is_counted_by_its_path_in_the_progress_and_the_report() throws Exception {
        List<FleetProgress> seen = new CopyOnWriteArrayList<>();
        fleet = givenFleet(2).renewAfter(Duration.ofMillis(100)).duration(Duration.ofMillis(1500))
                .progressInterval(Duration.ofMillis(100)).build();
        gateway.refuseNext(io.edgeprov.contracts.device.TopicKind.RENEW, WireErrorCode.CERTIFICATE_REVOKED);

        FleetReport report = fleet.run(seen::add);

        assertThat(report.revocations().revoked(RevocationPath.REFUSED_RENEWAL)).as(report.summary()).isEqualTo(1);
        assertThat(report.revocations().latency().count()).as("a rejection names no revocation time").isZero();
        assertThat(report.summary()).contains("revoked       1 (notice 0, refused reconnect 0, refused renewal 1)");
        assertThat(seen.get(seen.size() - 1).revoked(RevocationPath.REFUSED_RENEWAL)).isEqualTo(1);
        assertThat(report.inState(SimulatedDeviceState.FAILED)).isEqualTo(1);
    }

    @Test
    void progress_reaches_the_listener_with_the_final_counts() throws Exception {
        List<FleetProgress> seen = new CopyOnWriteArrayList<>();
        fleet = givenFleet(3).progressInterval(Duration.ofMillis(50)).build();

        fleet.run(seen::add);

        assertThat(seen).isNotEmpty();
        assertThat(seen.get(seen.size() - 1).enrolled()).isEqualTo(3);
    }

    @Test
    void onboarding_lists_every_device_in_order() {
        fleet = givenFleet(3).idPrefix("lot7-").build();

        assertThat(fleet.onboarding()).extracting(e -> e.deviceId().value()).containsExactly("lot7-0001", "lot7-0002", "lot7-0003");
    }

    @Test
    void the_same_seed_gives_the_same_endorsement_keys() {
        fleet = givenFleet(2).ekMix(EkMix.ECC).seed(42).build();
        try (Fleet again = givenFleet(2).ekMix(EkMix.ECC).seed(42).build()) {
            assertThat(again.onboarding()).isEqualTo(fleet.onboarding());
        }
    }

    @Test
    void mixed_rsa_and_ecc_endorsement_keys_all_enroll() throws Exception {
        fleet = givenFleet(2).ekMix(EkMix.MIXED).build();

        FleetReport report = fleet.run(FleetProgressListener.NONE);

        assertThat(report.enrolled()).isEqualTo(2);
    }

    @Test
    void injected_executors_run_the_fleet_and_stay_open() throws Exception {
        java.util.concurrent.ScheduledExecutorService timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        java.util.concurrent.ExecutorService workers = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            fleet = givenFleet(3).executors(new FleetExecutors(timer, workers)).build();

            FleetReport report = fleet.run(FleetProgressListener.NONE);

            assertThat(report.enrolled()).isEqualTo(3);
            assertThat(workers.isShutdown()).isFalse();
        } finally {
            timer.shutdownNow();
            workers.shutdownNow();
            assertThat(workers.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void a_fleet_runs_only_once() throws Exception {
        fleet = givenFleet(1).build();
        fleet.run(FleetProgressListener.NONE);

        assertThatThrownBy(() -> fleet.run(FleetProgressListener.NONE)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_fleet_without_broker_or_transport_is_refused_at_build() {
        assertThatThrownBy(() -> Fleet.builder().devices(1).build())
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("broker");
    }

    private FleetBuilder givenFleet(int devices) {
        return Fleet.builder().devices(devices).concurrency(3).ekMix(EkMix.ECC).maxWait(Duration.ofSeconds(60))
                .transports((id, tpm) -> new InMemoryTransport(gateway));
    }
}
