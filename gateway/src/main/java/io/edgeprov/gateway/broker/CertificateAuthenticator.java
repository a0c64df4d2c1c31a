package io.edgeprov.gateway.broker;

import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.edgeprov.gateway.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.identity.ConnectDecision;
import io.edgeprov.gateway.identity.ConnectRefusal;
import io.edgeprov.gateway.identity.TopicGrant;
import io.edgeprov.gateway.identity.TopicPolicy;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every CONNECT from the TLS client certificate (if any) and the client id, then installs
 * the identity's topic grants as the client's default permissions with a default of DENY.
 */
final class CertificateAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthenticator.class);

    private final ClientCertificatePolicy policy;

    CertificateAuthenticator(ClientCertificatePolicy policy) {
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        List<X509Certificate> chain = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificateChain)
                .map(List::of)
                .orElse(List.of());
        ConnectDecision decision = policy.check(clientId, chain);
        if (decision instanceof ConnectDecision.Refused refused) {
            LOG.info("refused connect: {} ({})", refused.reason(), refused.detail());
            output.failAuthentication(connackCode(refused.reason()), refused.reason().name());
            return;
        }
        ClientIdentity identity = ((ConnectDecision.Accepted) decision).identity();
        input.getConnectionInformation().getConnectionAttributeStore()
                .putAsString(IdentityAttribute.KEY, IdentityAttribute.encode(identity));
        output.getDefaultPermissions().clear();
        output.getDefaultPermissions().addAll(TopicPolicy.grants(identity).stream().map(CertificateAuthenticator::toPermission).toList());
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        LOG.debug("accepted connect of {}", identity);
        output.authenticateSuccessfully();
    }

    static ConnackReasonCode connackCode(ConnectRefusal refusal) {
        return switch (refusal) {
            case CLIENT_ID_INVALID -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case CERTIFICATE_REVOKED -> ConnackReasonCode.BANNED;
            case REVOCATION_UNKNOWN -> ConnackReasonCode.SERVER_UNAVAILABLE;
            case CLIENT_ID_MISMATCH, CERTIFICATE_UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID,
                    CERTIFICATE_NO_DEVICE_NAME, CERTIFICATE_NOT_CLIENT_AUTH -> ConnackReasonCode.NOT_AUTHORIZED;
        };
    }

    private static TopicPermission toPermission(TopicGrant grant) {
        boolean publish = grant.activity() == TopicGrant.Activity.PUBLISH;
        return Builders.topicPermission()
                .topicFilter(grant.filter())
                .type(TopicPermission.PermissionType.ALLOW)
                .activity(publish ? TopicPermission.MqttActivity.PUBLISH : TopicPermission.MqttActivity.SUBSCRIBE)
                // Shared subscriptions would let a client take messages meant for others in its group.
                .sharedSubscription(TopicPermission.SharedSubscription.NOT_SHARED)
                // A retained request would be replayed to whoever subscribes later.
                .retain(publish ? TopicPermission.Retain.NOT_RETAINED : TopicPermission.Retain.ALL)
                .build();
    }
}
