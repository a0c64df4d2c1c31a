package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.auth.SubscriptionAuthorizer;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerInput;
import com.hivemq.extension.sdk.api.auth.parameter.SubscriptionAuthorizerOutput;
import com.hivemq.extension.sdk.api.packets.subscribe.SubackReasonCode;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.TopicPolicy;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses, and counts, each subscription to a filter the client's identity may not read
 * ({@link TopicPolicy#subscribable}). A filter it may read goes on to HiveMQ's default permissions
 * (installed at connect), which still apply, so a subscription needs both to pass; this gate only
 * makes the refusals visible, since default permissions refuse silently. A refused subscription gets
 * NOT_AUTHORIZED in its SUBACK and the client stays connected.
 */
final class SubscriptionGate implements SubscriptionAuthorizer {
    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionGate.class);

    private final UnauthorizedAttempts attempts;
    private final Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators;

    SubscriptionGate(UnauthorizedAttempts attempts) {
        this(attempts, Optional.empty());
    }

    SubscriptionGate(UnauthorizedAttempts attempts, Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators) {
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.operators = Objects.requireNonNull(operators, "operators");
    }

    @Override
    public void authorizeSubscribe(SubscriptionAuthorizerInput input, SubscriptionAuthorizerOutput output) {
        Optional<ClientIdentity> who = IdentityAttribute.decode(input.getClientInformation().getClientId(),
                input.getConnectionInformation().getConnectionAttributeStore().getAsString(IdentityAttribute.KEY));
        String filter = input.getSubscription().getTopicFilter();
        Optional<String> operator = input.getConnectionInformation().getConnectionAttributeStore()
                .getAsString(OperatorAttribute.KEY);
        if (operator.isPresent() && operators.isPresent()) {
            boolean granted = operators.get().grants(operator.get()).stream()
                    .anyMatch(g -> !g.publish()
                            && io.edgeprov.gateway.core.operator.OperatorPlane.covers(g.filter(), filter));
            if (granted) {
                output.nextExtensionOrDefault();
                return;
            }
            attempts.count(UnauthorizedKind.SUBSCRIBE_NOT_PERMITTED);
            LOG.info("refused a subscription of operator {} to a filter it may not read", operator.get());
            output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized for this topic filter");
            return;
        }
        if (who.isPresent() && TopicPolicy.subscribable(who.get(), filter)) {
            output.nextExtensionOrDefault();
            return;
        }
        // Counted before the SUBACK goes out; the filter is the client's text, so it is not logged.
        attempts.count(UnauthorizedKind.SUBSCRIBE_NOT_PERMITTED);
        LOG.info("refused a subscription of {} to a filter it may not read", who.map(ClientIdentity::deviceId).orElse("?"));
        output.failAuthorization(SubackReasonCode.NOT_AUTHORIZED, "not authorized for this topic filter");
    }
}
