package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.async.Async;
import com.hivemq.extension.sdk.api.async.TimeoutFallback;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthInput;
import com.hivemq.extension.sdk.api.auth.parameter.SimpleAuthOutput;
import com.hivemq.extension.sdk.api.auth.parameter.TopicPermission;
import com.hivemq.extension.sdk.api.client.parameter.ClientTlsInformation;
import com.hivemq.extension.sdk.api.packets.auth.DefaultAuthorizationBehaviour;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.identity.ConnectDecision;
import io.edgeprov.gateway.core.identity.ConnectRefusal;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import io.edgeprov.gateway.mqtt.TopicGrant;
import io.edgeprov.gateway.mqtt.TopicPolicy;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides every CONNECT from the TLS client certificate (if any) and the client id, then installs
 * the identity's topic grants as the client's default permissions with a default of DENY. Every
 * refusal is counted by its {@link UnauthorizedKind}.
 *
 * <p>MQTT lets a new connection with the same client id take the old one over. A client with a
 * certificate has proved it owns the id, so it may; a client without one may take over only another
 * connection without one (a squatter holding a device's id must never keep the device from attesting),
 * never a certificate holder's, or anyone could cut an enrolled device off by reusing its id.
 * Connections without a certificate are capped per source address and in total
 * ({@link UnenrolledLimits}). Every accepted connection is recorded in {@link ConnectedClients} under a
 * token kept in its own attribute store, which the extension's lifecycle listener releases.
 */
final class CertificateAuthenticator implements SimpleAuthenticator {
    private static final Logger LOG = LoggerFactory.getLogger(CertificateAuthenticator.class);

    private static final Duration CHECK_TIMEOUT = Duration.ofSeconds(10);

    private final ClientCertificatePolicy policy;
    private final ClientService clients;
    private final ConnectedClients connected;
    private final Executor executor;
    private final UnauthorizedAttempts attempts;
    private final Optional<OperatorPlane> operators;

    CertificateAuthenticator(ClientCertificatePolicy policy, ClientService clients, ConnectedClients connected,
            Executor executor, UnauthorizedAttempts attempts) {
        this(policy, clients, connected, executor, attempts, Optional.empty());
    }

    /**
     * With an operator plane, a client certificate is first offered to the plane: an operator's gets only the
     * plane's grants and never the device policy's; any other goes on to the device policy, as without a plane.
     */
    CertificateAuthenticator(ClientCertificatePolicy policy, ClientService clients, ConnectedClients connected,
            Executor executor, UnauthorizedAttempts attempts, Optional<OperatorPlane> operators) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clients = Objects.requireNonNull(clients, "clients");
        this.connected = Objects.requireNonNull(connected, "connected");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
    }

    @Override
    public void onConnect(SimpleAuthInput input, SimpleAuthOutput output) {
        String clientId = input.getClientInformation().getClientId();
        Optional<String> source = input.getConnectionInformation().getInetAddress().map(InetAddress::getHostAddress);
        List<X509Certificate> chain = input.getConnectionInformation().getClientTlsInformation()
                .flatMap(ClientTlsInformation::getClientCertificateChain)
                .map(List::of)
                .orElse(List.of());
        // The revocation lookup may hit the registry's database: keep it off HiveMQ's small pool.
        Async<SimpleAuthOutput> async = output.async(CHECK_TIMEOUT, TimeoutFallback.FAILURE,
                ConnackReasonCode.SERVER_UNAVAILABLE, "gateway busy");
        CompletableFuture<ConnectDecision> decided;
        CompletableFuture<OperatorPlane.Admission> operator;
        try {
            operator = CompletableFuture.supplyAsync(() -> operators.isEmpty() || chain.isEmpty()
                    ? new OperatorPlane.Admission.NotOperator() : operators.get().admit(clientId, chain.get(0)), executor);
            decided = operator.thenCompose(admission -> admission instanceof OperatorPlane.Admission.NotOperator
                    ? CompletableFuture.supplyAsync(() -> policy.check(clientId, chain), executor)
                            .thenCompose(decision -> admitUnenrolled(clientId, source, decision))
                    : CompletableFuture.completedFuture(null));
        } catch (RuntimeException e) {
            LOG.warn("cannot schedule the connect check of a client: {}", e.toString());
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "gateway busy");
            async.resume();
            return;
        }
        decided.whenComplete((decision, error) -> {
            try {
                OperatorPlane.Admission admission = error == null ? operator.join() : null;
                if (error != null) {
                    LOG.warn("connect check failed: {}", error.toString());
                    output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "gateway busy");
                } else if (admission instanceof OperatorPlane.Admission.Admitted admitted) {
                    acceptOperator(input, output, admitted.operatorId());
                } else if (admission instanceof OperatorPlane.Admission.Refused refused) {
                    attempts.count(UnauthorizedKind.of(refused.banned() ? ConnectRefusal.CERTIFICATE_REVOKED
                            : ConnectRefusal.CLIENT_ID_MISMATCH));
                    LOG.info("refused an operator connect: {}", refused.detail());
                    output.failAuthentication(refused.banned() ? ConnackReasonCode.BANNED : ConnackReasonCode.NOT_AUTHORIZED,
                            refused.banned() ? "operator disabled" : "client id does not name this operator");
                } else if (decision instanceof ConnectDecision.Refused refused) {
                    refuse(output, refused);
                } else {
                    accept(input, output, ((ConnectDecision.Accepted) decision).identity(), source);
                }
            } finally {
                async.resume();
            }
        });
    }

    private CompletableFuture<ConnectDecision> admitUnenrolled(String clientId, Optional<String> source,
            ConnectDecision decision) {
        if (!(decision instanceof ConnectDecision.Accepted accepted)
                || !(accepted.identity() instanceof ClientIdentity.Unenrolled)) {
            return CompletableFuture.completedFuture(decision);
        }
        return clients.isClientConnected(clientId).thenApply(holderConnected -> connected
                .refusalForUnenrolled(clientId, source, Boolean.TRUE.equals(holderConnected))
                .<ConnectDecision>map(refused -> refused).orElse(decision));
    }

    /** Counted before the CONNACK goes out, so whoever sees the refusal can already see it counted. */
    private void refuse(SimpleAuthOutput output, ConnectDecision.Refused refused) {
        attempts.count(UnauthorizedKind.of(refused.reason()));
        LOG.info("refused connect: {} ({})", refused.reason(), refused.detail());
        output.failAuthentication(connackCode(refused.reason()), refused.reason().name());
    }

    private void accept(SimpleAuthInput input, SimpleAuthOutput output, ClientIdentity identity, Optional<String> source) {
        String token = connected.connected(identity.deviceId(), identity instanceof ClientIdentity.Device, source);
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(ConnectedClients.TOKEN_KEY, token);
        input.getConnectionInformation().getConnectionAttributeStore()
                .putAsString(IdentityAttribute.KEY, IdentityAttribute.encode(identity));
        output.getDefaultPermissions().clear();
        output.getDefaultPermissions().addAll(TopicPolicy.grants(identity).stream().map(CertificateAuthenticator::toPermission).toList());
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        LOG.debug("accepted connect of {}", identity);
        output.authenticateSuccessfully();
    }

    /** An operator: only the plane's grants, default deny, and no place among device connections. */
    private void acceptOperator(SimpleAuthInput input, SimpleAuthOutput output, String operatorId) {
        input.getConnectionInformation().getConnectionAttributeStore().putAsString(OperatorAttribute.KEY, operatorId);
        output.getDefaultPermissions().clear();
        output.getDefaultPermissions().addAll(operators.orElseThrow().grants(operatorId).stream()
                .map(g -> new TopicGrant(g.filter(), g.publish() ? TopicGrant.Activity.PUBLISH : TopicGrant.Activity.SUBSCRIBE))
                .map(CertificateAuthenticator::toPermission).toList());
        output.getDefaultPermissions().setDefaultBehaviour(DefaultAuthorizationBehaviour.DENY);
        LOG.info("operator {} connected", operatorId);
        output.authenticateSuccessfully();
    }

    static ConnackReasonCode connackCode(ConnectRefusal refusal) {
        return switch (refusal) {
            case CLIENT_ID_INVALID -> ConnackReasonCode.CLIENT_IDENTIFIER_NOT_VALID;
            case UNENROLLED_CONNECTIONS_EXCEEDED -> ConnackReasonCode.QUOTA_EXCEEDED;
            case CERTIFICATE_REVOKED, CERTIFICATE_UNRECORDED -> ConnackReasonCode.BANNED;
            case REVOCATION_UNKNOWN -> ConnackReasonCode.SERVER_UNAVAILABLE;
            case CLIENT_ID_IN_USE, CLIENT_ID_MISMATCH, CERTIFICATE_UNTRUSTED, CERTIFICATE_EXPIRED, CERTIFICATE_NOT_YET_VALID,
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
