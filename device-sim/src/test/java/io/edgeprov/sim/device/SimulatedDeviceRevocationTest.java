package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * How a device notices that its certificate was revoked, by each of the three paths, and that it
 * reports the revocation once and then stops; against the in-memory broker and gateway.
 */
class SimulatedDeviceRevocationTest {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final JsonDeviceCodec CODEC = new JsonDeviceCodec();

    private final MutableClock clock = new MutableClock(Instant.now());
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private FakeGateway gateway;
    private InMemoryTransport transport;
    private SoftwareTpm tpm;
    private SimulatedDevice device;

    @BeforeEach
    void given_a_gateway_and_a_broker() throws Exception {
        gateway = new FakeGateway(new GatewayPki(clock, Duration.ofMinutes(10)), clock);
        transport = new InMemoryTransport(gateway);
        tpm = SoftwareTpm.builder().clock(clock).build();
    }

    @AfterEach
    void stop_everything() throws Exception {
        if (device != null) {
            device.close();
        }
        scheduler.shutdownNow();
        assertThat(scheduler.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
        tpm.close();
    }

    @Test
    void a_notice_for_the_held_certificate_is_reported_as_revoked_by_notice_with_its_latency() {
        givenEnrolledDevice();
        Instant revokedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        clock.advance(Duration.ofMillis(250));

        deliverNotice(heldSerial(), revokedAt);

        NoticedRevocation noticed = device.revocation().orElseThrow();
        assertThat(noticed.path()).isEqualTo(RevocationPath.NOTICE);
        assertThat(noticed.serial()).isEqualTo(heldSerial());
        assertThat(noticed.latency()).contains(Duration.between(revokedAt, clock.instant()));
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
        DeviceEvent revoked = onlyRevokedEvent();
        assertThat(revoked.revocationPath()).contains(RevocationPath.NOTICE);
        assertThat(revoked.latency()).isEqualTo(noticed.latency());
        assertThat(revoked.detail()).contains("keyCompromise");
    }

    @Test
    void a_notice_for_a_serial_the_device_no_longer_holds_is_recorded_and_not_acted_on() {
        givenEnrolledDevice();
        String older = heldSerial();
        assertThat(device.renew().succeeded()).isTrue();

        deliverNotice(older, clock.instant());

        assertThat(device.revocation()).isEmpty();
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.ENROLLED);
        assertThat(device.log().noticesForOtherCertificates()).isEqualTo(1);
        assertThat(device.log().events()).filteredOn(e -> e.type() == DeviceEventType.NOTICE_FOR_OTHER_CERTIFICATE)
                .singleElement().satisfies(e -> assertThat(e.detail()).contains(older, "holding serial " + heldSerial()));
        assertThat(device.renew().succeeded()).as("the device still renews").isTrue();
    }

    @Test
    void the_notice_for_the_held_serial_after_one_for_an_older_serial_revokes_the_device() {
        givenEnrolledDevice();
        String older = heldSerial();
        device.renew();

        deliverNotice(older, clock.instant());
        deliverNotice(heldSerial(), clock.instant());

        assertThat(device.revocation()).map(NoticedRevocation::serial).contains(heldSerial());
        assertThat(device.log().noticesForOtherCertificates()).isEqualTo(1);
    }

    @Test
    void a_notice_naming_another_device_is_not_taken_for_its_own() {
        givenEnrolledDevice();

        transport.deliver(DeviceTopics.notice(device.id()), CODEC.encode(new RevocationNotice(new DeviceId("someone-else"),
                heldSerial(), RevocationReason.KEY_COMPROMISE, clock.instant())));

        assertThat(device.revocation()).isEmpty();
        assertThat(device.log().noticesForOtherCertificates()).isEqualTo(1);
    }

    @Test
    void a_serial_written_with_leading_zeros_still_names_the_held_certificate() {
        givenEnrolledDevice();

        deliverNotice("00" + heldSerial(), clock.instant());

        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.NOTICE);
    }

    @Test
    void a_renewal_refused_as_revoked_is_reported_as_revoked_by_refused_renewal_without_a_latency() {
        givenEnrolledDevice();
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.CERTIFICATE_REVOKED);

        StepResult result = device.renew();

        assertThat(result.code()).contains(WireErrorCode.CERTIFICATE_REVOKED);
        NoticedRevocation noticed = device.revocation().orElseThrow();
        assertThat(noticed.path()).isEqualTo(RevocationPath.REFUSED_RENEWAL);
        assertThat(noticed.serial()).isEqualTo(heldSerial());
        assertThat(noticed.latency()).as("a rejection does not say when the revocation happened").isEmpty();
        assertThat(onlyRevokedEvent().revocationPath()).contains(RevocationPath.REFUSED_RENEWAL);
        assertThat(device.log().refusals(WireErrorCode.CERTIFICATE_REVOKED)).isEqualTo(1);
    }

    @Test
    void a_renewal_refused_with_the_terminal_device_revoked_is_reported_as_revoked_by_refused_renewal() {
        givenEnrolledDevice();
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.DEVICE_REVOKED);

        StepResult result = device.renew();

        assertThat(result.code()).contains(WireErrorCode.DEVICE_REVOKED);
        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.REFUSED_RENEWAL);
        assertThat(Retry.isTransient(result)).as("a terminal code is never retried").isFalse();
    }

    @Test
    void a_renewal_refused_for_the_connection_certificate_names_that_serial() {
        givenEnrolledDevice();
        String connectedWith = heldSerial();
        device.renew(); // a renewal does not reconnect: the connection still presents the first certificate
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.CERTIFICATE_REVOKED);

        device.renew();

        assertThat(device.revocation()).map(NoticedRevocation::serial).contains(connectedWith);
    }

    @Test
    void a_renewal_that_must_reconnect_and_is_refused_as_banned_is_reported_as_revoked_by_refused_reconnect() {
        givenEnrolledDevice();
        transport.disconnect(Duration.ZERO);
        transport.banFromNowOn();

        StepResult result = device.renew();

        assertThat(result.failure()).contains(DeviceFailure.REVOKED);
        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.REFUSED_RECONNECT);
        assertThat(device.log().refusals()).as("the broker refused the connect; no wire code came back").isEmpty();
    }

    @Test
    void a_started_device_whose_reconnect_is_refused_as_banned_reports_revoked_by_refused_reconnect_and_stops() throws Exception {
        CountDownLatch revoked = givenStartedEnrolledDevice();
        transport.banFromNowOn();

        transport.drop();

        assertThat(revoked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.REFUSED_RECONNECT);
        assertThat(device.revocation().orElseThrow().serial()).isEqualTo(heldSerial());
        assertThat(transport.connects).as("attest, mTLS, one refused reconnect and no more").containsExactly(false, true, true);
    }

    @Test
    void a_reconnect_ended_by_the_tls_certificate_revoked_alert_is_a_refused_reconnect() throws Exception {
        CountDownLatch revoked = givenStartedEnrolledDevice();
        transport.refuseFromNowOn(TransportFailure.REVOKED_AT_HANDSHAKE);

        transport.drop();

        assertThat(revoked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.REFUSED_RECONNECT);
    }

    @Test
    void an_ordinary_connect_failure_is_retried_and_not_taken_for_revocation() throws Exception {
        CountDownLatch reconnected = new CountDownLatch(1);
        givenStartedEnrolledDevice(DeviceEventType.RECONNECTED, reconnected);
        transport.refuseNextConnects(2);

        transport.drop();

        assertThat(reconnected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.revocation()).isEmpty();
    }

    @Test
    void every_later_sign_of_the_same_revocation_is_dropped_so_it_is_reported_once() throws Exception {
        CountDownLatch revoked = givenStartedEnrolledDevice();
        String serial = heldSerial();

        deliverNotice(serial, clock.instant());
        deliverNotice(serial, clock.instant());
        transport.banFromNowOn();
        transport.drop();
        StepResult renewal = device.renew();

        assertThat(revoked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(renewal.failure()).contains(DeviceFailure.REVOKED);
        assertThat(device.log().events()).filteredOn(e -> e.type() == DeviceEventType.REVOKED).hasSize(1);
        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.NOTICE);
        assertThat(transport.connects).as("no reconnect after the notice").containsExactly(false, true);
    }

    @Test
    void a_revoked_device_neither_renews_nor_attests_again() {
        givenEnrolledDevice();
        deliverNotice(heldSerial(), clock.instant());
        int published = transport.published.size();

        StepResult renewal = device.renew();
        StepResult enrollment = device.enroll();

        assertThat(List.of(renewal, enrollment)).allSatisfy(r -> assertThat(r.failure()).contains(DeviceFailure.REVOKED));
        assertThat(transport.published).hasSize(published);
    }

    @Test
    void a_renewal_answered_after_the_notice_leaves_the_device_failed() {
        givenEnrolledDevice();
        transport.injectBeforeNextReply(DeviceTopics.notice(device.id()), CODEC.encode(new RevocationNotice(device.id(),
                heldSerial(), RevocationReason.CESSATION_OF_OPERATION, clock.instant())));

        device.renew();

        assertThat(device.revocation()).map(NoticedRevocation::path).contains(RevocationPath.NOTICE);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
    }

    @Test
    void the_device_drops_its_connection_after_the_notice_without_waiting_for_the_gateway() throws Exception {
        givenEnrolledDevice();
        transport.disconnects.clear();

        deliverNotice(heldSerial(), clock.instant());

        assertThat(transport.disconnects.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).isNotNull();
        assertThat(transport.isConnected()).isFalse();
    }

    private void deliverNotice(String serial, Instant revokedAt) {
        transport.deliver(DeviceTopics.notice(device.id()), CODEC.encode(new RevocationNotice(device.id(), serial,
                RevocationReason.KEY_COMPROMISE, revokedAt.truncatedTo(ChronoUnit.SECONDS))));
    }

    private String heldSerial() {
        return device.credential().orElseThrow().certificate().getSerialNumber().toString(16);
    }

    private DeviceEvent onlyRevokedEvent() {
        List<DeviceEvent> revoked = device.log().events().stream().filter(e -> e.type() == DeviceEventType.REVOKED).toList();
        assertThat(revoked).hasSize(1);
        return revoked.get(0);
    }

    private void givenDevice(DeviceSettings settings, DeviceListener listener) {
        device = SimulatedDevice.builder().id(new DeviceId("sim-revoked-1")).tpm(tpm).transport(transport)
                .settings(settings).clock(clock).scheduler(scheduler).listener(listener).build();
    }

    private void givenEnrolledDevice() {
        givenDevice(DeviceSettings.defaults(), DeviceListener.NONE);
        StepResult result = device.enroll();
        assertThat(result.succeeded()).as(result.detail()).isTrue();
    }

    /** A started, enrolled device with a fast backoff; the returned latch counts down on REVOKED. */
    private CountDownLatch givenStartedEnrolledDevice() throws InterruptedException {
        CountDownLatch revoked = new CountDownLatch(1);
        givenStartedEnrolledDevice(DeviceEventType.REVOKED, revoked);
        return revoked;
    }

    private void givenStartedEnrolledDevice(DeviceEventType event, CountDownLatch later) throws InterruptedException {
        CountDownLatch enrolled = new CountDownLatch(1);
        givenDevice(DeviceSettings.defaults().withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(40)))
                .withRenewAfter(Duration.ofHours(1)), new DeviceListener() {
                    @Override
                    public void eventRecorded(SimulatedDevice device, DeviceEvent recorded) {
                        if (recorded.type() == DeviceEventType.ENROLLED) {
                            enrolled.countDown();
                        }
                        if (recorded.type() == event) {
                            later.countDown();
                        }
                    }
                });
        device.start();
        assertThat(enrolled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
}
