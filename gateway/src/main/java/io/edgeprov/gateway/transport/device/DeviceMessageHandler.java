package io.edgeprov.gateway.transport.device;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.DeviceTopic;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.enrollment.EnrollmentOutcome;
import io.edgeprov.gateway.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.enrollment.EnrollmentUseCases;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.identity.DeviceRequestHandler;
import io.edgeprov.gateway.identity.Reply;
import io.edgeprov.gateway.observability.Redactor;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts device requests to the enrollment use cases: decode, authorize, act, encode (STYLE "handlers
 * are thin"). Routes by topic ({@code attest/begin}, {@code attest/finish}, {@code renew}); answers on
 * the request's {@code accepted} or {@code rejected} topic, echoing the client token.
 *
 * <p>An {@link ClientIdentity.Unenrolled} client may only begin and finish; a {@link ClientIdentity.Device}
 * may renew and may also re-attest. The internal cause of a refusal is logged, redacted; the device sees only
 * the code and a short reason. Unexpected failures become {@code INTERNAL_ERROR} without details.
 *
 * <p>The codec is injected (JSON for MQTT, CBOR for CoAP). Per-source rate limiting belongs to the
 * transports, which know the peer address: when theirs refuses, they answer with {@link #rateLimited}.
 */
public final class DeviceMessageHandler implements DeviceRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceMessageHandler.class);
    /** Echoed when no valid client token could be read, so the device still gets an answer. */
    static final ClientToken UNKNOWN_TOKEN = new ClientToken("unknown");

    private final EnrollmentUseCases useCases;
    private final DeviceCodec codec;

    /**
     * @param useCases the enrollment use cases
     * @param codec the wire encoding of this transport
     */
    public DeviceMessageHandler(EnrollmentUseCases useCases, DeviceCodec codec) {
        this.useCases = Objects.requireNonNull(useCases, "useCases");
        this.codec = Objects.requireNonNull(codec, "codec");
    }

    @Override
    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
        Objects.requireNonNull(who, "who");
        Optional<DeviceTopic> parsed = DeviceTopics.parse(topic);
        if (parsed.isEmpty() || !parsed.get().kind().isRequest()) {
            // Not a request topic: nothing a device could correlate an answer with.
            LOG.debug("ignored a publish from {} on a topic that is not a device request topic", who.deviceId());
            return CompletableFuture.completedFuture(Optional.empty());
        }
        DeviceTopic request = parsed.get();
        try {
            return route(who, request, payload).exceptionally(failure -> internalError(who, request, payload, failure));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(internalError(who, request, payload, e));
        }
    }

    /**
     * The rejection a transport sends when its own per-source limit refuses a request before it reaches
     * {@link #handle}; empty for topics that are not device request topics.
     */
    @Override
    public Optional<Reply> rateLimited(ClientIdentity who, String topic, byte[] payload) {
        return rateLimited(topic, payload);
    }

    public Optional<Reply> rateLimited(String topic, byte[] payload) {
        Optional<DeviceTopic> parsed = DeviceTopics.parse(topic);
        if (parsed.isEmpty() || !parsed.get().kind().isRequest()) {
            return Optional.empty();
        }
        return Optional.of(reject(parsed.get(), tokenOf(parsed.get().kind(), payload), WireErrorCode.RATE_LIMITED,
                "too many requests from this source"));
    }

    private CompletableFuture<Optional<Reply>> route(ClientIdentity who, DeviceTopic request, byte[] payload) {
        String deviceId = request.deviceId().value();
        TopicKind kind = request.kind();
        if (!deviceId.equals(who.deviceId())) {
            LOG.info("refused {} from {}: topic names device {}", kind, who.deviceId(), deviceId);
            return done(reject(request, tokenOf(kind, payload), WireErrorCode.DEVICE_MISMATCH,
                    "the topic names another device"));
        }
        return switch (kind) {
            case ATTEST_BEGIN -> decoded(request, codec.decodeAttestationBegin(payload),
                    begin -> useCases.begin(deviceId, begin), begin -> begin.clientToken());
            case ATTEST_FINISH -> decoded(request, codec.decodeAttestationFinish(payload),
                    finish -> useCases.finish(deviceId, finish), finish -> finish.clientToken());
            case RENEW -> {
                if (!(who instanceof ClientIdentity.Device device)) {
                    LOG.info("refused renew from {}: no device certificate", deviceId);
                    yield done(reject(request, tokenOf(kind, payload), WireErrorCode.NOT_AUTHORIZED,
                            "renewal needs the current device certificate"));
                }
                yield decoded(request, codec.decodeRenewRequest(payload), renew -> useCases.renew(device, renew),
                        renew -> renew.clientToken());
            }
            default -> CompletableFuture.completedFuture(Optional.empty());
        };
    }

    private <M, R extends DeviceMessage> CompletableFuture<Optional<Reply>> decoded(DeviceTopic request,
            DecodeResult<M> result, Function<M, CompletableFuture<EnrollmentOutcome<R>>> action,
            Function<M, ClientToken> token) {
        if (result instanceof DecodeResult.Malformed<M> malformed) {
            LOG.info("refused {} from {}: malformed {} {} ({})", request.kind(), request.deviceId(), malformed.field(),
                    malformed.problem(), Redactor.redact(malformed.detail()));
            return done(reject(request, malformed.clientToken().orElse(UNKNOWN_TOKEN), WireErrorCode.MALFORMED_MESSAGE,
                    "field " + malformed.field() + ": " + malformed.problem()));
        }
        M message = ((DecodeResult.Decoded<M>) result).value();
        ClientToken clientToken = token.apply(message);
        return action.apply(message).thenApply(outcome -> Optional.of(answer(request, clientToken, outcome)));
    }

    private Reply answer(DeviceTopic request, ClientToken token, EnrollmentOutcome<? extends DeviceMessage> outcome) {
        if (outcome instanceof EnrollmentOutcome.Accepted<? extends DeviceMessage> accepted) {
            return new Reply(DeviceTopics.accepted(request.topic()), codec.encode(accepted.reply()));
        }
        EnrollmentOutcome.Refused<? extends DeviceMessage> refused =
                (EnrollmentOutcome.Refused<? extends DeviceMessage>) outcome;
        EnrollmentRefusal cause = refused.cause();
        LOG.info("refused {} from {}: {} ({})", request.kind(), request.deviceId(), cause,
                Redactor.redact(refused.detail()));
        return reject(request, token, cause.wireCode(), cause.reason());
    }

    private Optional<Reply> internalError(ClientIdentity who, DeviceTopic request, byte[] payload, Throwable failure) {
        // Operators need the cause to act on it; unexpected messages may quote anything, so they
        // pass through the Redactor and are cut short. The device sees neither.
        Throwable cause = rootCause(failure);
        String message = cause.getMessage() == null ? "" : cause.getMessage();
        LOG.warn("internal error on {} from {}: {}: {}", request.kind(), who.deviceId(), cause.getClass().getName(),
                Redactor.redact(message.length() > 200 ? message.substring(0, 200) : message));
        return Optional.of(reject(request, tokenOf(request.kind(), payload), WireErrorCode.INTERNAL_ERROR,
                "the gateway failed; retry later"));
    }

    private Reply reject(DeviceTopic request, ClientToken token, WireErrorCode code, String reason) {
        return new Reply(DeviceTopics.rejected(request.topic()), codec.encode(new Rejection(token, code, reason)));
    }

    /** The client token of a payload, read again by decoding; a fallback when none can be read. */
    private ClientToken tokenOf(TopicKind kind, byte[] payload) {
        try {
            DecodeResult<?> result = switch (kind) {
                case ATTEST_BEGIN -> codec.decodeAttestationBegin(payload);
                case ATTEST_FINISH -> codec.decodeAttestationFinish(payload);
                default -> codec.decodeRenewRequest(payload);
            };
            if (result instanceof DecodeResult.Malformed<?> malformed) {
                return malformed.clientToken().orElse(UNKNOWN_TOKEN);
            }
            Object message = ((DecodeResult.Decoded<?>) result).value();
            if (message instanceof io.edgeprov.contracts.device.AttestationBegin m) {
                return m.clientToken();
            }
            if (message instanceof io.edgeprov.contracts.device.AttestationFinish m) {
                return m.clientToken();
            }
            if (message instanceof io.edgeprov.contracts.device.RenewRequest m) {
                return m.clientToken();
            }
            return UNKNOWN_TOKEN;
        } catch (RuntimeException e) {
            return UNKNOWN_TOKEN;
        }
    }

    private static Throwable rootCause(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getCause() != current) {
            current = current.getCause();
        }
        return current;
    }

    private static CompletableFuture<Optional<Reply>> done(Reply reply) {
        return CompletableFuture.completedFuture(Optional.of(reply));
    }
}
