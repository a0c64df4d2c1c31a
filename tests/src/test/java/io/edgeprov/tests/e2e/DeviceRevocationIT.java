package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.sim.device.Backoff;
import io.edgeprov.sim.device.DeviceEvent;
import io.edgeprov.sim.device.DeviceEventType;
import io.edgeprov.sim.device.DeviceFailure;
import io.edgeprov.sim.device.DeviceListener;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.device.EnrollmentChannel;
import io.edgeprov.sim.device.NoticedRevocation;
import io.edgeprov.sim.device.RevocationPath;
import io.edgeprov.sim.device.SimulatedDevice;
import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.sim.device.StepResult;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetProgress;
import io.edgeprov.sim.fleet.FleetProgressListener;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * Revocation as simulated devices notice it, against a real gateway over each device transport (one
 * suite, {@link DeviceWire} its parameter): each of the paths (the notice on MQTT, the refused reconnect
 * after the gateway ended the session, the refused renewal) reported once, as REVOKED with its path, by a
 * device that then stops. CoAP has no notice: the gateway ends the DTLS session (close_notify) and the
 * device's new handshake is refused with certificate_revoked.
 */
class DeviceRevocationIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    /** The CLI's revocations reach a running gateway's sessions within this (its revocation watch). */
    private static final Duration CLI_PICK_UP = Duration.ofSeconds(15);
    private static final DeviceSettings SETTINGS = DeviceSettings.defaults()
            .withBackoff(new Backoff(Duration.ofMillis(50), Duration.ofMillis(400))).withRenewAfter(Duration.ofHours(1));

    @TempDir
    static Path folder;
    static GivenGateway gateway;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeAll
    static void given_a_running_gateway() throws Exception {
        gateway = GivenGateway.initializedAndStarted(folder, "gw-revocation");
    }

    @AfterAll
    static void stop_the_gateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @AfterEach
    void close_devices() throws Exception {
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
        scheduler.shutdownNow();
        scheduler.awaitTermination(5, TimeUnit.SECONDS);
    }

    /**
     * The gateway publishes the notice and cuts the connection 150 ms later (BrokerConfig.LAST_MESSAGE_GRACE):
     * without that grace the cut overtook the notice for a quarter of the devices (Paho drops messages still
     * queued for its callback when the server disconnects, eclipse-paho paho.mqtt.java#97), which then
     * learnt it only from the refused reconnect.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(DeviceWire.class)
    void a_connected_device_revoked_by_the_gateway_reports_revoked_within_a_second(DeviceWire wire)
            throws Exception {
        RevocationProbe probe = new RevocationProbe();
        SimulatedDevice device = givenStartedEnrolledDevice(wire, "rev-connected-" + wire, channel -> channel, probe);
        String serial = device.credential().orElseThrow().certificate().getSerialNumber().toString(16);

        Instant revoking = Instant.now();
        gateway.application.revocation().revokeDevice(new Principal.LocalAdministrator("revocation-it"), device.id().value(),
                RevocationReason.KEY_COMPROMISE);

        DeviceEvent revoked = probe.revoked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        Duration noticedAfter = Duration.between(revoking, revoked.at());
        NoticedRevocation noticed = device.revocation().orElseThrow();
        System.out.printf("connected device: %s %d ms after the revoke call; device-reported latency %s ms%n", noticed.path(),
                noticedAfter.toMillis(), noticed.latency().map(Duration::toMillis).map(String::valueOf).orElse("unknown"));
        assertThat(noticedAfter).isLessThan(Duration.ofSeconds(1));
        assertThat(noticed.serial()).isEqualTo(serial);
        assertThat(noticed.path()).isEqualTo(wire.pathWhileConnected());
        if (noticed.path() == RevocationPath.NOTICE) {
            assertThat(noticed.reason()).contains(RevocationReason.KEY_COMPROMISE);
            // the wire's revokedAt is truncated to the second, so the device's own figure may read up to 1 s more
            assertThat(noticed.latency()).hasValueSatisfying(l -> assertThat(l).isLessThan(Duration.ofSeconds(2)));
        }
        then_it_stopped_and_reported_once(device);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeviceWire.class)
    void a_device_offline_when_revoked_reports_revoked_by_refused_reconnect_on_its_next_connect(DeviceWire wire)
            throws Exception {
        RevocationProbe probe = new RevocationProbe();
        List<UnpluggableChannel> cable = new ArrayList<>();
        SimulatedDevice device = givenStartedEnrolledDevice(wire, "rev-offline-" + wire, channel -> {
            UnpluggableChannel unpluggable = new UnpluggableChannel(channel);
            cable.add(unpluggable);
            return unpluggable;
        }, probe);
        cable.get(0).unplug();

        gateway.application.revocation().revokeDevice(new Principal.LocalAdministrator("revocation-it"), device.id().value(),
                RevocationReason.CESSATION_OF_OPERATION);
        assertThat(device.revocation()).as("offline, the device cannot know yet").isEmpty();
        Instant pluggedIn = Instant.now();
        cable.get(0).plugIn();

        DeviceEvent revoked = probe.revoked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("refused-reconnect path: noticed %d ms after the cable was back%n",
                Duration.between(pluggedIn, revoked.at()).toMillis());
        assertThat(revoked.revocationPath()).contains(RevocationPath.REFUSED_RECONNECT);
        assertThat(device.revocation().orElseThrow().latency()).as("a refused connect names no revocation time").isEmpty();
        then_it_stopped_and_reported_once(device);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeviceWire.class)
    void a_device_renewing_with_a_revoked_certificate_reports_revoked_by_the_refused_renewal_or_the_reconnect_after_the_cut(
            DeviceWire wire) throws Exception {
        // `revoke` from the command line beside the running gateway bars the certificate at once but reaches
        // open sessions only at the gateway's next look (every 200 ms). A first CLI revocation, of a decoy, shows
        // when a look has just happened.
        RevocationProbe decoyProbe = new RevocationProbe();
        SimulatedDevice decoy = givenStartedEnrolledDevice(wire, "rev-decoy-" + wire, channel -> channel, decoyProbe);
        SimulatedDevice device = givenStartedEnrolledDevice(wire, "rev-renewal-" + wire, channel -> channel, new RevocationProbe());
        revokeFromTheCommandLine(decoy.id());
        // by the notice, or by a refused reconnect when the gateway's cut overtook the notice: either way a look happened
        assertThat(decoyProbe.revoked.get(CLI_PICK_UP.toSeconds(), TimeUnit.SECONDS).revocationPath())
                .as("the decoy hears of its CLI revocation at the gateway's look").isPresent();

        revokeFromTheCommandLine(device.id());
        StepResult renewal = device.renew();

        if (renewal.code().isPresent()) {
            assertThat(renewal.code()).contains(WireErrorCode.DEVICE_REVOKED);
            // on a loaded machine the renewal can take longer than the gateway's next look, whose notice
            // (MQTT) then tells the device first: still one REVOKED, by whichever came first
            assertThat(device.revocation()).map(NoticedRevocation::path)
                    .hasValueSatisfying(path -> assertThat(path).isIn(RevocationPath.REFUSED_RENEWAL, RevocationPath.NOTICE));
        } else {
            // The gateway cut the connection before its Rejection (and the PUBACK) reached the device, which
            // then learns it at its next connect, the next renewal's; on CoAP the renewal itself may run that
            // connect, the gateway having ended the DTLS session already.
            System.out.println("renewal: the cut overtook the rejection: " + renewal.detail());
            assertThat(renewal.failure()).hasValueSatisfying(f -> assertThat(f).isIn(DeviceFailure.TRANSPORT, DeviceFailure.REVOKED));
            assertThat(device.renew().failure()).contains(DeviceFailure.REVOKED);
            assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.REFUSED_RECONNECT);
        }
        assertThat(device.revocation().orElseThrow().serial())
                .isEqualTo(device.credential().orElseThrow().certificate().getSerialNumber().toString(16));
        then_it_stopped_and_reported_once(device);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(DeviceWire.class)
    void a_fleet_revoked_device_by_device_reports_every_revocation_once_by_path(DeviceWire wire) throws Exception {
        int devices = 20;
        Fleet fleet = wire.onto(Fleet.builder().devices(devices).concurrency(8).idPrefix("rev-fleet-" + wire + "-"), gateway)
                .renewAfter(Duration.ofHours(1)).duration(Duration.ofSeconds(60))
                .progressInterval(Duration.ofMillis(200)).build();
        opened.add(fleet);
        gateway.allow(fleet.onboarding());
        CompletableFuture<FleetProgress> allEnrolled = new CompletableFuture<>();
        CompletableFuture<FleetProgress> allRevoked = new CompletableFuture<>();
        CompletableFuture<FleetReport> run = CompletableFuture.supplyAsync(() -> runQuietly(fleet, progress -> {
            if (progress.enrolled() >= devices) {
                allEnrolled.complete(progress);
            }
            if (progress.revoked() >= devices) {
                allRevoked.complete(progress);
            }
        }));
        allEnrolled.get(WAIT.toSeconds() * 3, TimeUnit.SECONDS);

        for (DeviceId id : fleet.deviceIds()) {
            gateway.application.revocation().revokeDevice(new Principal.LocalAdministrator("revocation-it"), id.value(),
                    RevocationReason.KEY_COMPROMISE);
        }
        allRevoked.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        fleet.stop();

        FleetReport report = run.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        System.out.printf("fleet revoked device by device:%n%s", report.summary());
        assertThat(report.revocations().revoked()).as(report.summary()).isEqualTo(devices);
        assertThat(report.revocations().revoked(RevocationPath.REFUSED_RENEWAL)).as(report.summary()).isZero();
        // MQTT: the notice's grace before the cut, (nearly) every device hears why (without it, 7 to 15 of 20 did).
        // CoAP: every device hears the gateway end its session and is refused at its new handshake.
        assertThat(report.revocations().revoked(wire.pathWhileConnected())).as(report.summary())
                .isGreaterThanOrEqualTo(devices * 9 / 10);
        assertThat(report.revocations().noticesForOtherCertificates()).as("no renewals, so one certificate each").isZero();
        assertThat(report.inState(SimulatedDeviceState.FAILED)).as(report.summary()).isEqualTo(devices);
    }

    private static FleetReport runQuietly(Fleet fleet, FleetProgressListener listener) {
        try {
            return fleet.run(listener);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void then_it_stopped_and_reported_once(SimulatedDevice device) {
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
        assertThat(device.renew().failure()).as("it renews no more").contains(DeviceFailure.REVOKED);
        assertThat(device.log().events()).filteredOn(e -> e.type() == DeviceEventType.REVOKED).hasSize(1);
        assertThat(device.log().events()).filteredOn(e -> e.type() == DeviceEventType.RECONNECTED).isEmpty();
    }

    private static void revokeFromTheCommandLine(DeviceId id) {
        GivenGateway.cli("revoke", "--config", gateway.config.toString(), "--device", id.value(), "--reason", "keyCompromise");
    }

    /**
     * A software-TPM device allowed on the gateway, started and enrolled over {@code wire};
     * {@code wiring} may wrap its channel.
     */
    private SimulatedDevice givenStartedEnrolledDevice(DeviceWire wire, String name,
                                                       Function<EnrollmentChannel, EnrollmentChannel> wiring,
                                                       RevocationProbe probe) throws Exception {
        DeviceId id = new DeviceId(name);
        SoftwareTpm tpm = SoftwareTpm.builder().build();
        opened.add(tpm);
        gateway.allow(List.of(new OnboardingEntry(id, Onboarding.ekSha256(tpm.endorsementKeyPublic()))));
        EnrollmentChannel channel = wiring.apply(wire.channel(gateway, id, tpm));
        SimulatedDevice device = SimulatedDevice.builder().id(id).tpm(tpm).channel(channel).settings(SETTINGS)
                .scheduler(scheduler).listener(probe).build();
        opened.add(device);
        device.start();
        assertThat(probe.enrolled.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        return device;
    }

    /** Completes on a device's first enrollment and on its REVOKED event, so the test waits on them, never sleeps. */
    private static final class RevocationProbe implements DeviceListener {
        final CompletableFuture<DeviceEvent> enrolled = new CompletableFuture<>();
        final CompletableFuture<DeviceEvent> revoked = new CompletableFuture<>();

        @Override
        public void eventRecorded(SimulatedDevice device, DeviceEvent event) {
            if (event.type() == DeviceEventType.ENROLLED) {
                enrolled.complete(event);
            } else if (event.type() == DeviceEventType.REVOKED) {
                revoked.complete(event);
            }
        }
    }
}
