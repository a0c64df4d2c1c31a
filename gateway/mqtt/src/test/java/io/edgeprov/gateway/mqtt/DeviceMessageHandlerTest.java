package io.edgeprov.gateway.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.device.DeviceService;
import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.EnrollmentOutcome;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.enrollment.EnrollmentUseCases;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.Reply;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Routing, authorization and encoding of the device wire adapter, over a scripted use case. */
class DeviceMessageHandlerTest {

    private static final ClientToken TOKEN = new ClientToken("tok-42");
    private static final String DEVICE = "sensor-1";
    private static final String BEGIN = DeviceTopics.enrollBegin(new DeviceId(DEVICE));
    private static final String FINISH = DeviceTopics.enrollFinish(new DeviceId(DEVICE));
    private static final String RENEW = DeviceTopics.renew(new DeviceId(DEVICE));
    private static final ClientIdentity UNENROLLED = new ClientIdentity.Unenrolled(DEVICE);
    private static final ClientIdentity.Device CERTIFIED = new ClientIdentity.Device(DEVICE, "1f2e3d");

    private final ScriptedUseCases useCases = new ScriptedUseCases();
    private final DeviceCodec json = new JsonDeviceCodec();

    @Test
    void a_begin_is_answered_on_begin_accepted_with_the_challenge_and_the_same_token() {
        Reply reply = handle(json, UNENROLLED, BEGIN, json.encode(begin()));

        assertThat(reply.topic()).isEqualTo(BEGIN + "/accepted");
        Challenge challenge = json.decodeChallenge(reply.payload()).decoded().orElseThrow();
        assertThat(challenge.clientToken()).isEqualTo(TOKEN);
        assertThat(useCases.lastDevice).isEqualTo(DEVICE);
    }

    @Test
    void a_finish_is_answered_on_finish_accepted_with_the_bundle() {
        Reply reply = handle(json, UNENROLLED, FINISH, json.encode(finish()));

        assertThat(reply.topic()).isEqualTo(FINISH + "/accepted");
        assertThat(json.decodeCredentialBundle(reply.payload()).decoded()).isPresent();
    }

    @Test
    void a_device_with_a_certificate_renews_and_is_answered_on_renew_accepted() {
        Reply reply = handle(json, CERTIFIED, RENEW, json.encode(renew()));

        assertThat(reply.topic()).isEqualTo(RENEW + "/accepted");
        assertThat(useCases.lastRenewer).isEqualTo(CERTIFIED);
    }

    @Test
    void a_device_with_a_certificate_may_re_attest() {
        Reply reply = handle(json, CERTIFIED, BEGIN, json.encode(begin()));

        assertThat(reply.topic()).isEqualTo(BEGIN + "/accepted");
    }

    @Test
    void an_unenrolled_client_may_not_renew() {
        Rejection rejection = rejection(handle(json, UNENROLLED, RENEW, json.encode(renew())), RENEW);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.NOT_AUTHORIZED);
        assertThat(rejection.clientToken()).isEqualTo(TOKEN);
        assertThat(useCases.lastRenewer).isNull();
    }

    @Test
    void a_client_publishing_on_another_devices_topic_is_refused_as_device_mismatch() {
        String other = DeviceTopics.enrollBegin(new DeviceId("sensor-2"));

        Rejection rejection = rejection(handle(json, UNENROLLED, other, json.encode(begin())), other);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.DEVICE_MISMATCH);
        assertThat(useCases.lastDevice).isNull();
    }

    @Test
    void a_body_naming_another_device_than_the_topic_is_refused_as_device_mismatch() {
        AttestationBegin naming = new AttestationBegin(TOKEN, new byte[] {1, 2, 3}, Optional.empty(), new byte[] {4, 5, 6},
                Optional.of(new DeviceId("sensor-2")));

        Rejection rejection = rejection(handle(json, UNENROLLED, BEGIN, json.encode(naming)), BEGIN);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.DEVICE_MISMATCH);
        assertThat(useCases.lastDevice).isNull();
    }

    @Test
    void a_body_naming_the_topics_own_device_is_answered_as_usual() {
        AttestationBegin naming = new AttestationBegin(TOKEN, new byte[] {1, 2, 3}, Optional.empty(), new byte[] {4, 5, 6},
                Optional.of(new DeviceId(DEVICE)));

        Reply reply = handle(json, UNENROLLED, BEGIN, json.encode(naming));

        assertThat(reply.topic()).isEqualTo(BEGIN + "/accepted");
    }

    @Test
    void a_malformed_payload_is_rejected_as_malformed_echoing_the_client_token() {
        byte[] payload = "{\"clientToken\":\"tok-42\",\"ekPublic\":\"AAEC\"}".getBytes(StandardCharsets.UTF_8);

        Rejection rejection = rejection(handle(json, UNENROLLED, BEGIN, payload), BEGIN);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
        assertThat(rejection.clientToken()).isEqualTo(TOKEN);
        assertThat(rejection.reason()).contains("akPublic");
    }

    @Test
    void an_unparseable_payload_is_rejected_as_malformed_with_the_empty_token_no_device_can_send() {
        Reply reply = handle(json, UNENROLLED, BEGIN, new byte[] {'{', 'x'});
        Rejection rejection = rejection(reply, BEGIN);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.MALFORMED_MESSAGE);
        assertThat(rejection.clientToken()).isEqualTo(ClientToken.NONE);
        assertThat(new String(reply.payload(), StandardCharsets.UTF_8)).startsWith("{\"clientToken\":\"\",\"code\":100,");
    }

    @Test
    void a_request_whose_token_is_invalid_is_rejected_with_the_empty_token() {
        byte[] payload = "{\"clientToken\":\"unknown/1\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\"}"
                .getBytes(StandardCharsets.UTF_8);

        Rejection rejection = rejection(handle(json, UNENROLLED, BEGIN, payload), BEGIN);

        assertThat(rejection.clientToken().isNone()).isTrue();
    }

    @Test
    void a_request_the_transport_could_not_get_answered_is_rejected_as_internal_error_echoing_the_token() {
        DeviceMessageHandler handler = new DeviceMessageHandler(new DeviceService(useCases), json);

        Reply reply = handler.failed(UNENROLLED, BEGIN, json.encode(begin())).orElseThrow();

        Rejection rejection = rejection(reply, BEGIN);
        assertThat(rejection.code()).isEqualTo(WireErrorCode.INTERNAL_ERROR);
        assertThat(rejection.clientToken()).isEqualTo(TOKEN);
        assertThat(handler.failed(UNENROLLED, BEGIN + "/accepted", new byte[0])).isEmpty();
    }

    @Test
    void a_refusal_reaches_the_device_as_its_code_and_short_reason_without_the_internal_detail() {
        useCases.refusal = Optional.of(EnrollmentRefusal.NOT_ENROLLED);

        Rejection rejection = rejection(handle(json, UNENROLLED, BEGIN, json.encode(begin())), BEGIN);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.NOT_ENROLLED);
        assertThat(rejection.reason()).isEqualTo(EnrollmentRefusal.NOT_ENROLLED.reason())
                .doesNotContain(ScriptedUseCases.INTERNAL_DETAIL);
    }

    @Test
    void an_unexpected_exception_becomes_internal_error_without_details() {
        useCases.explode = true;

        Rejection rejection = rejection(handle(json, UNENROLLED, BEGIN, json.encode(begin())), BEGIN);

        assertThat(rejection.code()).isEqualTo(WireErrorCode.INTERNAL_ERROR);
        assertThat(rejection.clientToken()).isEqualTo(TOKEN);
        assertThat(rejection.reason()).doesNotContain(ScriptedUseCases.INTERNAL_DETAIL);
    }

    @Test
    void a_publish_on_a_reply_topic_gets_no_answer() {
        Optional<Reply> reply = new DeviceMessageHandler(new DeviceService(useCases), json)
                .handle(UNENROLLED, BEGIN + "/accepted", json.encode(begin())).join();

        assertThat(reply).isEmpty();
    }

    @Test
    void the_cbor_codec_answers_in_cbor() {
        DeviceCodec cbor = new CborDeviceCodec();

        Reply reply = handle(cbor, UNENROLLED, BEGIN, cbor.encode(begin()));

        assertThat(cbor.decodeChallenge(reply.payload()).decoded()).isPresent();
    }

    @Test
    void the_transport_rate_limit_hook_answers_rate_limited_with_the_client_token() {
        Reply reply = new DeviceMessageHandler(new DeviceService(useCases), json).rateLimited(BEGIN, json.encode(begin())).orElseThrow();

        Rejection rejection = rejection(reply, BEGIN);
        assertThat(rejection.code()).isEqualTo(WireErrorCode.RATE_LIMITED);
        assertThat(rejection.clientToken()).isEqualTo(TOKEN);
        assertThat(useCases.lastDevice).isNull();
    }

    private Reply handle(DeviceCodec codec, ClientIdentity who, String topic, byte[] payload) {
        return new DeviceMessageHandler(new DeviceService(useCases), codec).handle(who, topic, payload).join().orElseThrow();
    }

    private Rejection rejection(Reply reply, String requestTopic) {
        assertThat(reply.topic()).isEqualTo(requestTopic + "/rejected");
        return json.decodeRejection(reply.payload()).decoded().orElseThrow();
    }

    private static AttestationBegin begin() {
        return new AttestationBegin(TOKEN, new byte[] {1, 2, 3}, Optional.empty(), new byte[] {4, 5, 6});
    }

    private static AttestationFinish finish() {
        return new AttestationFinish(TOKEN, new io.edgeprov.contracts.device.ChallengeId("c-1"), new byte[32],
                new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4});
    }

    private static RenewRequest renew() {
        return new RenewRequest(TOKEN, new byte[] {7, 8}, Optional.empty());
    }

    /** Answers every request at once, refuses when told to, or throws. */
    private static final class ScriptedUseCases implements EnrollmentUseCases {
        static final String INTERNAL_DETAIL = "row 42 of table device is damaged";

        Optional<EnrollmentRefusal> refusal = Optional.empty();
        boolean explode;
        String lastDevice;
        ClientIdentity.Device lastRenewer;

        @Override
        public CompletableFuture<EnrollmentOutcome<Challenge>> begin(String deviceId, AttestationBegin request) {
            lastDevice = deviceId;
            return answer(new Challenge(request.clientToken(), new io.edgeprov.contracts.device.ChallengeId("c-1"),
                    new byte[] {1}, new byte[] {2}, Instant.ofEpochSecond(2_000_000_000L)));
        }

        @Override
        public CompletableFuture<EnrollmentOutcome<CredentialBundle>> finish(String deviceId,
                AttestationFinish request) {
            lastDevice = deviceId;
            return answer(bundle(request.clientToken()));
        }

        @Override
        public CompletableFuture<EnrollmentOutcome<CredentialBundle>> renew(ClientIdentity.Device who,
                RenewRequest request) {
            lastRenewer = who;
            return answer(bundle(request.clientToken()));
        }

        private <T> CompletableFuture<EnrollmentOutcome<T>> answer(T reply) {
            if (explode) {
                return CompletableFuture.failedFuture(new IllegalStateException(INTERNAL_DETAIL));
            }
            if (refusal.isPresent()) {
                return CompletableFuture.completedFuture(new EnrollmentOutcome.Refused<>(refusal.get(),
                        INTERNAL_DETAIL));
            }
            return CompletableFuture.completedFuture(new EnrollmentOutcome.Accepted<>(reply));
        }

        private static CredentialBundle bundle(ClientToken token) {
            return new CredentialBundle(token, new byte[] {9}, List.of(new byte[] {8}),
                    Instant.ofEpochSecond(2_000_000_000L), Instant.ofEpochSecond(1_999_000_000L));
        }
    }
}
