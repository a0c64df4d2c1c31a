package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.auth.SimpleAuthenticator;
import com.hivemq.extension.sdk.api.packets.connect.ConnackReasonCode;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.auth.SecurityRegistry;
import com.hivemq.extension.sdk.api.services.publish.PublishService;
import com.hivemq.extension.sdk.api.services.session.ClientService;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's embedded HiveMQ extension: certificate authentication, default-deny topic
 * permissions, the subscription gate and the in-broker request interceptor.
 *
 * <p>Embedded HiveMQ allows everyone when no authenticator is registered, and disables an
 * extension whose start throws, yet keeps serving. So the first thing this start does is register
 * an authenticator that refuses everyone; it never lets an exception escape (that would unregister
 * the refusing authenticator); and only its very last step publishes the services that
 * {@link #services()} hands to {@link EmbeddedBroker}, which stops the broker when they are absent.
 */
final class ProvisionerExtension implements ExtensionMain {
    private static final Logger LOG = LoggerFactory.getLogger(ProvisionerExtension.class);
    private static final SimpleAuthenticator REFUSE_ALL = (input, output) ->
            output.failAuthentication(ConnackReasonCode.SERVER_UNAVAILABLE, "gateway not ready");

    /** HiveMQ's services of this instance, captured at start, once everything is registered. */
    record ReadyServices(ClientService clients, PublishService publisher) {
        ReadyServices {
            Objects.requireNonNull(clients, "clients");
            Objects.requireNonNull(publisher, "publisher");
        }
    }

    private final ClientCertificatePolicy policy;
    private final DeviceRequestHandler handler;
    private final Executor executor;
    private final Duration requestTimeout;
    private final Runnable startCheck;
    private final SourceAdmission admission;
    private final UnauthorizedAttempts attempts;
    private final ConnectedClients connected;
    private final AtomicReference<ReadyServices> ready = new AtomicReference<>();
    private final Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators;

    ProvisionerExtension(ClientCertificatePolicy policy, DeviceRequestHandler handler, Executor executor,
            Duration requestTimeout, Runnable startCheck, SourceAdmission admission, UnauthorizedAttempts attempts,
            UnenrolledLimits limits) {
        this(policy, handler, executor, requestTimeout, startCheck, admission, attempts, limits, Optional.empty());
    }

    ProvisionerExtension(ClientCertificatePolicy policy, DeviceRequestHandler handler, Executor executor,
            Duration requestTimeout, Runnable startCheck, SourceAdmission admission, UnauthorizedAttempts attempts,
            UnenrolledLimits limits, Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators) {
        this.operators = Objects.requireNonNull(operators, "operators");
        this.policy = Objects.requireNonNull(policy, "policy");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.requestTimeout = Objects.requireNonNull(requestTimeout, "requestTimeout");
        this.startCheck = Objects.requireNonNull(startCheck, "startCheck");
        this.admission = Objects.requireNonNull(admission, "admission");
        this.attempts = Objects.requireNonNull(attempts, "attempts");
        this.connected = new ConnectedClients(Objects.requireNonNull(limits, "limits"));
    }

    @Override
    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
        SecurityRegistry security;
        try {
            security = Services.securityRegistry();
            security.setAuthenticatorProvider(providerInput -> REFUSE_ALL);
        } catch (RuntimeException | Error e) {
            LOG.error("cannot register the refusing authenticator; the broker will be stopped", e);
            return;
        }
        try {
            startCheck.run();
            PublishService publisher = Services.publishService();
            ClientService clients = Services.clientService();
            Services.initializerRegistry().setClientInitializer((initInput, context) -> context.addPublishInboundInterceptor(
                    operatorOf(initInput.getConnectionInformation().getConnectionAttributeStore()
                            .getAsString(OperatorAttribute.KEY)).isPresent()
                    ? new OperatorInterceptor(initInput.getConnectionInformation().getConnectionAttributeStore()
                            .getAsString(OperatorAttribute.KEY).orElseThrow(), operators.orElseThrow(), executor,
                            operators.orElseThrow().requestTimeout(), publisher, attempts)
                    : new RequestInterceptor(initInput.getClientInformation().getClientId(),
                            IdentityAttribute.decode(initInput.getClientInformation().getClientId(),
                            initInput.getConnectionInformation().getConnectionAttributeStore().getAsString(IdentityAttribute.KEY)),
                            handler, executor, requestTimeout, publisher, clients,
                            initInput.getConnectionInformation().getInetAddress().map(java.net.InetAddress::getHostAddress),
                            admission, attempts)));
            SubscriptionGate subscriptions = new SubscriptionGate(attempts, operators);
            security.setAuthorizerProvider(providerInput -> subscriptions);
            SessionOwnership sessions = new SessionOwnership();
            Services.interceptorRegistry().setConnectInboundInterceptorProvider(providerInput -> sessions);
            Services.eventRegistry().setClientLifecycleEventListener(providerInput -> new ConnectionRelease(connected));
            CertificateAuthenticator authenticator = new CertificateAuthenticator(policy, clients, connected, executor,
                    attempts, operators);
            security.setAuthenticatorProvider(providerInput -> authenticator);
            ready.set(new ReadyServices(clients, publisher));
        } catch (RuntimeException | Error e) {
            // Not rethrown: HiveMQ would disable this extension and with it the refusing authenticator.
            LOG.error("gateway extension failed to start; every client stays refused and the broker will be stopped", e);
        }
    }

    @Override
    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
        ready.set(null);
    }

    /** The operator id of a connection the plane admitted; never present without a plane. */
    private Optional<String> operatorOf(Optional<String> attribute) {
        return operators.isPresent() ? attribute : Optional.empty();
    }

    /** Present only when the start ran to its end. */
    Optional<ReadyServices> services() {
        return Optional.ofNullable(ready.get());
    }
}
