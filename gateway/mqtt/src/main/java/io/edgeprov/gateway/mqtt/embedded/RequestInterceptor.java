package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.packets.publish.PublishPacket;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.builder.PublishBuilder;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.core.device.ConnectionEffect;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.mqtt.TopicPolicy;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client's publish gate and request dispatcher.
 *
 * <p>HiveMQ runs interceptors before authorization, and a publish refused by authorization
 * disconnects the client; so this class is the gate: anything that is not one of the client's own
 * request topics is refused here with NOT_AUTHORIZED. An MQTT 5 client gets that in its PUBACK and
 * stays connected; an MQTT 3.1.1 client, whose PUBACK cannot carry a reason, is disconnected by
 * HiveMQ (its rule for every refused publish).
 *
 * <p>A publish on one of the client's own request topics is always acknowledged with success, and
 * whatever goes wrong with it is answered as a Rejection on the request's {@code rejected} topic, so
 * a 3.1.1 client stays connected and learns why: the core's refusals (malformed, rate limited, wrong
 * state...), the source's rate limit, and the handler failing, not answering within the request
 * timeout, or not being scheduled (INTERNAL_ERROR, from {@link DeviceRequestHandler#failed}). Only
 * when the handler has no such answer is the publish refused with UNSPECIFIED_ERROR.
 *
 * <p>Requests are never delivered to subscribers; the handler runs on the gateway's executor (not
 * HiveMQ's small extension pool) and its reply is published by the broker, with the request's MQTT 5
 * correlation data when it had some. The client-supplied response topic is ignored: replies go
 * only to the handler's topic inside the client's own subtree. Each refusal is counted (before the
 * PUBACK goes out) by its {@link UnauthorizedKind}.
 */
final class RequestInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestInterceptor.class);
    /** How much longer HiveMQ waits than the request timeout: its fallback refuses, ours answers first. */
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(1);

    private final String clientId;
    private final AtomicReference<Optional<ClientIdentity>> identity;
    private final ClientService clients;
    private final DeviceRequestHandler handler;
    private final Executor executor;
    private final Duration timeout;
    private final PublishService publisher;
    private final Optional<String> source;
    private final SourceAdmission admission;
    private final UnauthorizedAttempts attempts;
    private final Optional<ConnectionPromoter> promotion;

    RequestInterceptor(String clientId, Optional<ClientIdentity> identity, DeviceRequestHandler handler, Executor executor,
            Duration timeout, PublishService publisher, ClientService clients, Optional<String> source,
            SourceAdmission admission, UnauthorizedAttempts attempts) {
        this(clientId, identity, handler, executor, timeout, publisher, clients, source, admission, attempts, Optional.empty());
    }

    /** @param promotion the one-handshake enrollment of this connection; empty: never promoted */
    RequestInterceptor(String clientId, Optional<ClientIdentity> identity, DeviceRequestHandler handler, Executor executor,
            Duration timeout, PublishService publisher, ClientService clients, Optional<String> source,
            SourceAdmission admission, UnauthorizedAttempts attempts, Optional<ConnectionPromoter> promotion) {
        this.promotion = Objects.requireNonNull(promotion, "promotion");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.identity = new AtomicReference<>(Objects.requireNonNull(identity, "identity"));
        this.clients = Objects.requireNonNull(clients, "clients");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.source = Objects.requireNonNull(source, "source");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        PublishPacket packet = input.getPublishPacket();
        String topic = packet.getTopic();
        Optional<ClientIdentity> current = identity.get();
        if (current.isEmpty()) {
            // No identity recorded at connect: never let such a client publish anything.
            attempts.count(UnauthorizedKind.PUBLISH_NOT_PERMITTED);
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "no identity");
            return;
        }
        ClientIdentity who = current.get();
        if (TopicPolicy.publishable(who, topic).isEmpty()) {
            attempts.count(UnauthorizedKind.PUBLISH_NOT_PERMITTED);
            LOG.info("refused publish of {} to a topic it may not publish to", who.deviceId());
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized for this topic");
            return;
        }
        byte[] payload = bytes(packet.getPayload());
        Optional<byte[]> correlation = packet.getCorrelationData().map(RequestInterceptor::bytes);
        if (source.isPresent() && !admission.admit(source.get())) {
            attempts.count(UnauthorizedKind.SOURCE_RATE_LIMITED);
            LOG.info("refused a request of {}: its source address asks too often", who.deviceId());
            output.preventPublishDelivery();
            handler.rateLimited(who, topic, payload).ifPresent(reply -> publishReply(who, reply, correlation));
            return;
        }
        Async<PublishInboundOutput> async = output.async(timeout.plus(ASYNC_MARGIN), TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "request timed out");
        CompletableFuture<Optional<Reply>> result;
        try {
            result = CompletableFuture.supplyAsync(() -> handler.handle(who, topic, payload), executor)
                    .thenCompose(future -> future)
                    .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("cannot schedule the request of {}: {}", who.deviceId(), e.toString());
            answerFailure(who, topic, payload, correlation, output, "gateway busy");
            async.resume();
            return;
        }
        result.whenComplete((reply, error) -> {
            try {
                if (error != null) {
                    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
                    if (cause instanceof TimeoutException) {
                        LOG.warn("request of {} on {} not answered within {}", who.deviceId(), topic, timeout);
                    } else {
                        LOG.warn("request handler failed for {} on {}", who.deviceId(), topic, error);
                    }
                    answerFailure(who, topic, payload, correlation, output, "request failed");
                    return;
                }
                output.preventPublishDelivery();
                if (reply != null && reply.isPresent()) {
                    // Promoted before the certificate goes out, so the device's next packet finds its rights.
                    boolean promoted = promotion.map(p -> {
                        p.answered(who, topic, reply.get());
                        return p.promoteOn(who, reply.get(), identity);
                    }).orElse(false);
                    CompletableFuture<Void> sent = publishReply(who, reply.get(), correlation, promoted);
                    reply.get().effects().forEach(effect -> effect.applyTo(new Effects(who, sent)));
                }
            } finally {
                async.resume();
            }
        });
    }

    /**
     * A request that got no answer of its own: acknowledged, and answered with the handler's failure
     * Rejection, so an MQTT 3.1.1 client is not disconnected; refused only when there is no such answer.
     */
    private void answerFailure(ClientIdentity who, String topic, byte[] payload, Optional<byte[]> correlation,
            PublishInboundOutput output, String refusal) {
        Optional<Reply> answer;
        try {
            answer = handler.failed(who, topic, payload);
        } catch (RuntimeException e) {
            LOG.warn("cannot make the failure answer for {}: {}", who.deviceId(), e.toString());
            answer = Optional.empty();
        }
        if (answer.isEmpty()) {
            output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, refusal);
            return;
        }
        output.preventPublishDelivery();
        publishReply(who, answer.get(), correlation);
    }

    private CompletableFuture<Void> publishReply(ClientIdentity who, Reply reply, Optional<byte[]> correlation) {
        return publishReply(who, reply, correlation, false);
    }

    /** @param promoted the connection was just promoted: the answer says so (a user property of the contract) */
    private CompletableFuture<Void> publishReply(ClientIdentity who, Reply reply, Optional<byte[]> correlation,
            boolean promoted) {
        if (!reply.topic().startsWith(BrokerTopics.deviceRoot(who.deviceId()))) {
            LOG.error("dropped a reply for {} addressed outside its own topics: {}", who.deviceId(), reply.topic());
            return CompletableFuture.completedFuture(null);
        }
        PublishBuilder builder = Builders.publish()
                .topic(reply.topic())
                .qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(reply.payload()));
        correlation.ifPresent(data -> builder.correlationData(ByteBuffer.wrap(data)));
        if (promoted) {
            builder.userProperty(io.edgeprov.contracts.device.ConnectionPromotion.USER_PROPERTY,
                    io.edgeprov.contracts.device.ConnectionPromotion.DEVICE);
        }
        return publisher.publish(builder.build()).whenComplete((ignored, error) -> {
            if (error != null) {
                LOG.warn("cannot publish the reply to {}: {}", reply.topic(), error.toString());
            }
        });
    }

    /**
     * The embedded broker's mapping of the core's effects. A certificate issued to a connection that
     * already holds a device certificate becomes that connection's identity, so its next renewal is
     * authenticated by the newest certificate; a connection without a certificate is promoted by
     * {@link ConnectionPromoter} before the answer goes out, when the rules of docs/decisions/0036 allow
     * (otherwise it reconnects with its new certificate). A cut-off connection is disconnected once its
     * answer was published.
     */
    private final class Effects implements ConnectionEffect.Applier {
        private final ClientIdentity who;
        private final CompletableFuture<Void> answered;

        Effects(ClientIdentity who, CompletableFuture<Void> answered) {
            this.who = who;
            this.answered = answered;
        }

        @Override
        public void boundToDevice(ConnectionEffect.BoundToDevice effect) {
            if (who instanceof ClientIdentity.Device && who.deviceId().equals(effect.deviceId())) {
                replace(identity, who, effect.identity());
            }
        }

        @Override
        public void cutOff(ConnectionEffect.CutOff effect) {
            // The answer (a rejection saying why) gets its grace to reach the device before the cut.
            answered.handle((ok, failure) -> null)
                    .thenComposeAsync(ignored -> clients.disconnectClient(clientId, true, DisconnectReasonCode.NOT_AUTHORIZED,
                            effect.reason()), java.util.concurrent.CompletableFuture.delayedExecutor(
                                    BrokerConfig.LAST_MESSAGE_GRACE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS))
                    .whenComplete((wasConnected, failure) -> {
                        if (failure != null) {
                            LOG.warn("could not cut off {}: {}", effect.deviceId(), failure.toString());
                        } else {
                            LOG.info("cut off {}: {}", effect.deviceId(), effect.reason());
                        }
                    });
        }
    }

    /**
     * Replaces {@code expected} by {@code next} when it is still the identity (compared by value: a
     * compareAndSet on a fresh Optional would compare references and never succeed).
     */
    static boolean replace(AtomicReference<Optional<ClientIdentity>> identity, ClientIdentity expected, ClientIdentity next) {
        Optional<ClientIdentity> current = identity.get();
        while (current.isPresent() && current.get().equals(expected)) {
            if (identity.compareAndSet(current, Optional.of(next))) {
                return true;
            }
            current = identity.get();
        }
        return false;
    }

    private static byte[] bytes(Optional<ByteBuffer> buffer) {
        return buffer.map(RequestInterceptor::bytes).orElseGet(() -> new byte[0]);
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
