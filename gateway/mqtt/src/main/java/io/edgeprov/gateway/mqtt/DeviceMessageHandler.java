package io.edgeprov.gateway.mqtt;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.DeviceTopic;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.device.DeviceAnswer;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.device.DeviceRequest;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.observability.Redactor;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adapts MQTT requests to the core's device port: the topic says which message it is and for which
 * device, the payload is decoded (JSON on MQTT), the port answers, and the answer goes back on the
 * request's {@code accepted} or {@code rejected} topic with the client token echoed (docs/decisions/0009),
 * carrying the port's effects for the front end to apply. A topic that names another device than the
 * client's is refused with DEVICE_MISMATCH before anything is decoded.
 *
 * <p>Per-source rate limiting belongs to the front ends, which know the peer address: when theirs
 * refuses, they answer with {@link #rateLimited}.
 */
public final class DeviceMessageHandler implements DeviceRequestHandler {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceMessageHandler.class);
    /**
     * Echoed when no valid client token could be read, so the device still gets an answer: the empty
     * token, which no device can send, so it never matches one of the device's own requests.
     */
    static final ClientToken UNKNOWN_TOKEN = ClientToken.NONE;

    private final DevicePort port;
    private final DeviceCodec codec;

    /**
     * @param port the core's device port
     * @param codec the wire encoding of this transport
     */
    public DeviceMessageHandler(DevicePort port, DeviceCodec codec) {
        this.port = Objects.requireNonNull(port, "port");
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
            return route(who, request, payload);
        } catch (RuntimeException e) {
            LOG.warn("internal error on {} from {}: {}", request.kind(), who.deviceId(), e.getClass().getName());
            return done(reply(request, port.refuse(tokenOf(request.kind(), payload), WireErrorCode.INTERNAL_ERROR,
                    "the gateway failed; retry later")));
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
        return Optional.of(reply(parsed.get(), port.refuse(tokenOf(parsed.get().kind(), payload),
                WireErrorCode.RATE_LIMITED, "too many requests from this source")));
    }

    /**
     * The rejection for a request the transport could not get answered (the handler failed, timed out,
     * or could not be scheduled): INTERNAL_ERROR, retry later; empty for topics that are not request topics.
     */
    @Override
    public Optional<Reply> failed(ClientIdentity who, String topic, byte[] payload) {
        Optional<DeviceTopic> parsed = DeviceTopics.parse(topic);
        if (parsed.isEmpty() || !parsed.get().kind().isRequest()) {
            return Optional.empty();
        }
        return Optional.of(reply(parsed.get(), port.refuse(tokenOf(parsed.get().kind(), payload),
                WireErrorCode.INTERNAL_ERROR, "the gateway failed; retry later")));
    }

    private CompletableFuture<Optional<Reply>> route(ClientIdentity who, DeviceTopic request, byte[] payload) {
        TopicKind kind = request.kind();
        if (!request.deviceId().value().equals(who.deviceId())) {
            LOG.info("refused {} from {}: topic names device {}", kind, who.deviceId(), request.deviceId());
            return done(reply(request, port.refuse(tokenOf(kind, payload), WireErrorCode.DEVICE_MISMATCH,
                    "the topic names another device")));
        }
        return switch (kind) {
            case ATTEST_BEGIN -> decoded(who, request, codec.decodeAttestationBegin(payload), DeviceRequest.Begin::new);
            case ATTEST_FINISH -> decoded(who, request, codec.decodeAttestationFinish(payload), DeviceRequest.Finish::new);
            case RENEW -> decoded(who, request, codec.decodeRenewRequest(payload), DeviceRequest.Renew::new);
            default -> CompletableFuture.completedFuture(Optional.empty());
        };
    }

    private <M> CompletableFuture<Optional<Reply>> decoded(ClientIdentity who, DeviceTopic request, DecodeResult<M> result,
            Function<M, DeviceRequest> message) {
        if (result instanceof DecodeResult.Malformed<M> malformed) {
            LOG.info("refused {} from {}: malformed {} {} ({})", request.kind(), request.deviceId(), malformed.field(),
                    malformed.problem(), Redactor.redact(malformed.detail()));
            return done(reply(request, port.refuse(malformed.clientToken().orElse(UNKNOWN_TOKEN),
                    WireErrorCode.MALFORMED_MESSAGE, "field " + malformed.field() + ": " + malformed.problem())));
        }
        DeviceRequest decoded = message.apply(((DecodeResult.Decoded<M>) result).value());
        return port.handle(who, decoded).thenApply(answer -> Optional.of(about(decoded, answer, reply(request, answer))));
    }

    /** Tags a begin's answer with the challenge it issued and a finish's with the challenge it named. */
    private static Reply about(DeviceRequest request, DeviceAnswer answer, Reply reply) {
        if (request instanceof DeviceRequest.Finish finish) {
            return reply.about(finish.message().challengeId().value());
        }
        if (request instanceof DeviceRequest.Begin && answer instanceof DeviceAnswer.Replied replied
                && replied.reply() instanceof Challenge challenge) {
            return reply.about(challenge.challengeId().value());
        }
        return reply;
    }

    private Reply reply(DeviceTopic request, DeviceAnswer answer) {
        if (answer instanceof DeviceAnswer.Replied replied) {
            return new Reply(DeviceTopics.accepted(request.topic()), codec.encode(replied.reply()), replied.effects());
        }
        DeviceAnswer.Refused refused = (DeviceAnswer.Refused) answer;
        return new Reply(DeviceTopics.rejected(request.topic()), codec.encode(refused.rejection()), refused.effects());
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
            if (message instanceof AttestationBegin m) {
                return m.clientToken();
            }
            if (message instanceof AttestationFinish m) {
                return m.clientToken();
            }
            if (message instanceof RenewRequest m) {
                return m.clientToken();
            }
            return UNKNOWN_TOKEN;
        } catch (RuntimeException e) {
            return UNKNOWN_TOKEN;
        }
    }

    private static CompletableFuture<Optional<Reply>> done(Reply reply) {
        return CompletableFuture.completedFuture(Optional.of(reply));
    }
}
