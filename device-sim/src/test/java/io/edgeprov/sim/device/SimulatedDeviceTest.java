package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device state machine against an in-memory broker and a gateway made of the real pki parts. */
class SimulatedDeviceTest {
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
    void enroll_attests_then_reconnects_with_the_issued_certificate() {
        givenDevice(DeviceSettings.defaults());

        StepResult result = device.enroll();

        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(transport.connects).containsExactly(false, true);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.ENROLLED);
    }

    @Test
    void enrolled_certificate_holds_the_tpm_key() throws Exception {
        givenEnrolledDevice(DeviceSettings.defaults());

        DeviceCredential credential = device.credential().orElseThrow();

        assertThat(credential.certificate().getPublicKey().getEncoded())
                .isEqualTo(DeviceCsr.publicKey(tpm, credential.key()).getEncoded());
    }

    @Test
    void renew_with_the_same_key_gets_a_new_certificate_for_that_key() {
        givenEnrolledDevice(DeviceSettings.defaults());
        DeviceCredential before = device.credential().orElseThrow();

        StepResult result = device.renew();

        DeviceCredential after = device.credential().orElseThrow();
        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(after.certificate().getSerialNumber()).isNotEqualTo(before.certificate().getSerialNumber());
        assertThat(after.certificate().getPublicKey()).isEqualTo(before.certificate().getPublicKey());
        assertThat(device.log().renewed()).isEqualTo(1);
    }

    @Test
    void renew_with_rotation_certifies_a_new_tpm_key() {
        givenEnrolledDevice(DeviceSettings.defaults().withRotateKeyOnRenew(true));
        DeviceCredential before = device.credential().orElseThrow();

        StepResult result = device.renew();

        DeviceCredential after = device.credential().orElseThrow();
        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(after.key()).isNotEqualTo(before.key());
        assertThat(after.certificate().getPublicKey()).isNotEqualTo(before.certificate().getPublicKey());
        assertThat(gateway.renewalsWithNewKey.get()).isEqualTo(1);
        assertThat(device.log().keysRotated()).isEqualTo(1);
    }

    @Test
    void reattestation_required_makes_the_device_attest_again() {
        givenEnrolledDevice(DeviceSettings.defaults());
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.REATTESTATION_REQUIRED);

        StepResult result = device.renew();

        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(gateway.attestations.get()).isEqualTo(2);
        assertThat(device.log().reattestations()).isEqualTo(1);
        assertThat(device.log().refusals(WireErrorCode.REATTESTATION_REQUIRED)).isEqualTo(1);
    }

    @Test
    void expired_certificate_makes_the_device_attest_again_instead_of_renewing() {
        givenEnrolledDevice(DeviceSettings.defaults());
        clock.advance(Duration.ofMinutes(11));

        StepResult result = device.renew();

        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(gateway.attestations.get()).isEqualTo(2);
        assertThat(gateway.renewals.get()).isZero();
    }

    @Test
    void rejected_attestation_reports_the_gateway_code() {
        givenDevice(DeviceSettings.defaults());
        gateway.refuseNext(TopicKind.ATTEST_BEGIN, WireErrorCode.NOT_ENROLLED);

        StepResult result = device.enroll();

        assertThat(result.code()).contains(WireErrorCode.NOT_ENROLLED);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
        assertThat(device.log().refusals(WireErrorCode.NOT_ENROLLED)).isEqualTo(1);
    }

    @Test
    void revoked_certificate_on_renewal_leaves_the_device_failed() {
        givenEnrolledDevice(DeviceSettings.defaults());
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.CERTIFICATE_REVOKED);

        StepResult result = device.renew();

        assertThat(result.code()).contains(WireErrorCode.CERTIFICATE_REVOKED);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
    }

    @Test
    void other_renewal_refusal_keeps_the_current_certificate() {
        givenEnrolledDevice(DeviceSettings.defaults());
        DeviceCredential before = device.credential().orElseThrow();
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.RATE_LIMITED);

        StepResult result = device.renew();

        assertThat(result.code()).contains(WireErrorCode.RATE_LIMITED);
        assertThat(device.credential()).contains(before);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.ENROLLED);
    }

    @Test
    void a_stale_rejection_for_another_client_token_is_ignored() {
        givenDevice(DeviceSettings.defaults());
        transport.injectBeforeNextReply(DeviceTopics.rejected(DeviceTopics.enrollBegin(device.id())),
                CODEC.encode(new Rejection(new ClientToken("an-old-request"), WireErrorCode.INTERNAL_ERROR, "late")));

        StepResult result = device.enroll();

        assertThat(result.succeeded()).as(result.detail()).isTrue();
        assertThat(device.log().refusals()).isEmpty();
    }

    @Test
    void revocation_notice_leaves_the_device_failed() {
        givenEnrolledDevice(DeviceSettings.defaults());
        String serial = device.credential().orElseThrow().certificate().getSerialNumber().toString(16);

        transport.deliver(DeviceTopics.notice(device.id()), CODEC.encode(new RevocationNotice(device.id(), serial,
                RevocationReason.KEY_COMPROMISE, Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));

        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
        assertThat(device.log().events()).extracting(DeviceEvent::type).contains(DeviceEventType.REVOKED);
    }

    @Test
    void missing_reply_times_out() {
        givenDevice(DeviceSettings.defaults().withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(200)));
        transport.swallowReplies();

        StepResult result = device.enroll();

        assertThat(result.failure()).contains(DeviceFailure.TIMED_OUT);
        assertThat(device.log().failures(DeviceFailure.TIMED_OUT)).isEqualTo(1);
    }

    @Test
    void renew_without_certificate_is_refused_locally() {
        givenDevice(DeviceSettings.defaults());

        StepResult result = device.renew();

        assertThat(result.failure()).contains(DeviceFailure.NO_CREDENTIAL);
        assertThat(transport.published).isEmpty();
    }

    /** A started device with a fast backoff, once it has enrolled; {@code later} counts down on {@code event}. */
    private void givenStartedEnrolledDevice(DeviceEventType event, CountDownLatch later) throws InterruptedException {
        CountDownLatch enrolled = new CountDownLatch(1);
        givenDevice(DeviceSettings.defaults().withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(40)))
                .withRenewAfter(Duration.ofHours(1)), latchOn(DeviceEventType.ENROLLED, enrolled, event, later));
        device.start();
        assertThat(enrolled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void started_device_reconnects_with_backoff_after_losing_the_connection() throws Exception {
        CountDownLatch reconnected = new CountDownLatch(1);
        givenStartedEnrolledDevice(DeviceEventType.RECONNECTED, reconnected);
        transport.refuseNextConnects(2);

        transport.drop();

        assertThat(reconnected.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.log().reconnects()).isEqualTo(1);
        assertThat(device.log().failures(DeviceFailure.TRANSPORT)).isEqualTo(2);
        assertThat(transport.connects).containsExactly(false, true, true, true, true);
    }

    @Test
    void a_device_whose_reconnect_is_refused_as_banned_stops_as_revoked_instead_of_retrying() throws Exception {
        CountDownLatch revoked = new CountDownLatch(1);
        givenStartedEnrolledDevice(DeviceEventType.REVOKED, revoked);
        transport.banFromNowOn();

        transport.drop();

        assertThat(revoked.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
        assertThat(transport.connects).as("attest, mTLS, one refused reconnect and no more").containsExactly(false, true, true);
        assertThat(device.log().failures(DeviceFailure.TRANSPORT)).isZero();
    }

    @Test
    void started_device_renews_after_the_override_delay() throws Exception {
        CountDownLatch renewed = new CountDownLatch(1);
        givenDevice(DeviceSettings.defaults().withRenewAfter(Duration.ofMillis(50)),
                latchOn(DeviceEventType.RENEWED, renewed, DeviceEventType.RENEWED, renewed));

        device.start();

        assertThat(renewed.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(gateway.renewals.get()).isPositive();
    }

    @Test
    void started_device_retries_a_rate_limited_attestation() throws Exception {
        CountDownLatch enrolled = new CountDownLatch(1);
        givenDevice(DeviceSettings.defaults().withBackoff(new Backoff(Duration.ofMillis(5), Duration.ofMillis(40)))
                .withRenewAfter(Duration.ofHours(1)), latchOn(DeviceEventType.ENROLLED, enrolled, DeviceEventType.ENROLLED, enrolled));
        gateway.refuseNext(TopicKind.ATTEST_FINISH, WireErrorCode.RATE_LIMITED);

        device.start();

        assertThat(enrolled.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        assertThat(device.log().refusals(WireErrorCode.RATE_LIMITED)).isEqualTo(1);
    }

    @Test
    void event_log_details_never_hold_the_client_tokens_or_proofs() {
        givenEnrolledDevice(DeviceSettings.defaults());
        device.renew();

        assertThat(device.log().events()).allSatisfy(e -> assertThat(e.detail()).doesNotContain("clientToken", "secret"));
        assertThat(device.log().events()).extracting(DeviceEvent::type)
                .containsExactly(DeviceEventType.ENROLLED, DeviceEventType.RENEWED);
    }

    private void givenDevice(DeviceSettings settings) {
        givenDevice(settings, DeviceListener.NONE);
    }

    private void givenDevice(DeviceSettings settings, DeviceListener listener) {
        device = SimulatedDevice.builder().id(new DeviceId("sim-test-1")).tpm(tpm).transport(transport)
                .settings(settings).clock(clock).scheduler(scheduler).listener(listener).build();
    }

    private void givenEnrolledDevice(DeviceSettings settings) {
        givenDevice(settings);
        StepResult result = device.enroll();
        assertThat(result.succeeded()).as(result.detail()).isTrue();
    }

    private static DeviceListener latchOn(DeviceEventType first, CountDownLatch firstLatch,
                                          DeviceEventType second, CountDownLatch secondLatch) {
        return new DeviceListener() {
            @Override
            public void eventRecorded(SimulatedDevice device, DeviceEvent event) {
                if (event.type() == first) {
                    firstLatch.countDown();
                }
                if (event.type() == second) {
                    secondLatch.countDown();
                }
            }
        };
    }

}
