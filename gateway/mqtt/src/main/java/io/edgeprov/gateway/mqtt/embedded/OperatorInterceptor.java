package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.interceptor.publish.PublishInboundInterceptor;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundInput;
import com.hivemq.extension.sdk.api.interceptor.publish.parameter.PublishInboundOutput;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.packets.publish.AckReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operator connection's publish gate (interceptors run before authorization, so the gate is here): a publish
 * on one of the operator's own request topics goes to the plane on the gateway's executor, never to subscribers,
 * and the plane's answers are published only within the operator's subscribe grants; anything else is refused
 * with NOT_AUTHORIZED (the MQTT 5 console stays connected).
 */
final class OperatorInterceptor implements PublishInboundInterceptor {
    private static final Logger LOG = LoggerFactory.getLogger(OperatorInterceptor.class);
    private static final Duration ASYNC_MARGIN = Duration.ofSeconds(1);

    private final String operatorId;
    private final OperatorPlane plane;
    private final Executor executor;
    private final Duration timeout;
    private final PublishService publisher;
    private final UnauthorizedAttempts attempts;

    OperatorInterceptor(String operatorId, OperatorPlane plane, Executor executor, Duration timeout, PublishService publisher,
            UnauthorizedAttempts attempts) {
        this.operatorId = Objects.requireNonNull(operatorId, "operatorId");
        this.plane = Objects.requireNonNull(plane, "plane");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.publisher = Objects.requireNonNull(publisher, "publisher");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    @Override
    public void onInboundPublish(PublishInboundInput input, PublishInboundOutput output) {
        String topic = input.getPublishPacket().getTopic();
        List<OperatorPlane.Grant> grants = plane.grants(operatorId);
        boolean mayPublish = grants.stream()
                .anyMatch(g -> g.publish() && g.filter().equals(topic));
        if (!mayPublish || input.getPublishPacket().getRetain()) {
            attempts.count(UnauthorizedKind.PUBLISH_NOT_PERMITTED);
            LOG.info("refused a publish of operator {} to a topic it may not publish to", operatorId);
            output.preventPublishDelivery(AckReasonCode.NOT_AUTHORIZED, "not authorized for this topic");
            return;
        }
        byte[] payload = input.getPublishPacket().getPayload().map(OperatorInterceptor::bytes).orElseGet(() -> new byte[0]);
        Async<PublishInboundOutput> async = output.async(timeout.plus(ASYNC_MARGIN), TimeoutFallback.FAILURE,
                AckReasonCode.UNSPECIFIED_ERROR, "request timed out");
        CompletableFuture<List<OperatorPlane.Outgoing>> answered;
        try {
            answered = CompletableFuture.supplyAsync(() -> plane.handle(operatorId, topic, payload), executor)
                    .thenCompose(f -> f).orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RuntimeException e) {
            LOG.warn("cannot schedule a request of operator {}: {}", operatorId, e.toString());
            output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "gateway busy");
            async.resume();
            return;
        }
        answered.whenComplete((messages, error) -> {
            try {
                if (error != null) {
                    LOG.warn("admin request of operator {} on {} failed: {}", operatorId, topic, error.toString());
                    output.preventPublishDelivery(AckReasonCode.UNSPECIFIED_ERROR, "request failed");
                    return;
                }
                output.preventPublishDelivery();
                for (OperatorPlane.Outgoing message : messages) {
                    send(grants, message);
                }
            } finally {
                async.resume();
            }
        });
    }

    private void send(List<OperatorPlane.Grant> grants, OperatorPlane.Outgoing message) {
        boolean mayRead = grants.stream().anyMatch(g -> !g.publish()
                && OperatorPlane.covers(g.filter(), message.topic()));
        if (!mayRead) {
            LOG.error("dropped an admin answer for {} addressed outside its own topics", operatorId);
            return;
        }
        publisher.publish(Builders.publish().topic(message.topic()).qos(Qos.AT_LEAST_ONCE)
                .payload(ByteBuffer.wrap(message.payload())).build())
                .whenComplete((ok, failure) -> {
                    if (failure != null) {
                        LOG.warn("cannot publish an admin answer to {}: {}", operatorId, failure.toString());
                    }
                });
    }

    private static byte[] bytes(ByteBuffer buffer) {
        ByteBuffer copy = buffer.asReadOnlyBuffer();
        byte[] bytes = new byte[copy.remaining()];
        copy.get(bytes);
        return bytes;
    }
}
