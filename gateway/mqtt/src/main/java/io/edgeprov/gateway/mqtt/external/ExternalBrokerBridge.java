package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.core.device.ConnectionEffect;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import javax.net.ssl.SSLSocketFactory;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's side of external-broker mode: one Paho client, authenticated by the gateway's
 * certificate, that subscribes to every device request topic, hands each request to the {@link
 * DeviceRequestHandler} on the injected executor and publishes the reply (QoS 1, correlation
 * data copied). Who sent a request is read from its topic ({@link RequestRoute}): the broker's
 * ACL, written by {@link MosquittoFiles}, is what makes that trustworthy. Mosquitto refuses
 * connects, publishes and subscriptions itself, out of the gateway's sight; what the bridge can
 * count is what it drops (a request under no valid device id).
 *
 * <pre>
 *  device --PUBLISH prov/v1/X/renew--> Mosquitto (ACL) --> Paho callback thread
 *      --> RequestRoute --> executor: handler.handle(Device(X), topic, payload)
 *      --> PublishWindow (at most maxInflight unacknowledged) --> PUBLISH reply topic
 * </pre>
 */
public final class ExternalBrokerBridge implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExternalBrokerBridge.class);
    private static final int QOS = 1;
    private static final int FIRST_FAILURE_REASON = 0x80;

    private final Builder settings;
    private final MqttAsyncClient client;
    private final PublishWindow<Outgoing> window;
    private final java.util.concurrent.atomic.AtomicInteger disconnects = new java.util.concurrent.atomic.AtomicInteger();
    private final ConnectionEffect.Applier effects;

    /** A publish waiting for its turn; the payload is not copied again, it is never exposed. */
    private record Outgoing(String topic, byte[] payload, boolean retained, Optional<byte[]> correlation,
            CompletableFuture<Void> done) {
        @Override
        public String toString() {
            return "Outgoing[" + topic + ", " + payload.length + " bytes]";
        }
    }

    private ExternalBrokerBridge(Builder settings) throws ExternalBrokerException {
        this.settings = settings;
        this.window = new PublishWindow<>(settings.maxInflight, settings.replyQueueLimit);
        try {
            this.client = new MqttAsyncClient(settings.serverUri, clientId(settings), new MemoryPersistence());
        } catch (MqttException | IllegalArgumentException e) {
            throw new ExternalBrokerException(ExternalBrokerFailure.CONNECT_FAILED,
                    "cannot create an MQTT client for " + settings.serverUri + ": " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        this.effects = new Effects();
    }

    /**
     * Mosquitto lets any client, even an anonymous one on the enrollment listener, take over a
     * connected client's id, which would knock the gateway off. The ACL keys on the username (the
     * certificate CN), not the client id, so the gateway connects under an id nobody can guess.
     */
    private static String clientId(Builder settings) {
        byte[] suffix = new byte[12];
        settings.random.nextBytes(suffix);
        return settings.gatewayId + "." + java.util.HexFormat.of().formatHex(suffix);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The request filters the bridge subscribes to: every device's attestation and renewal topics. */
    public static String[] requestFilters() {
        return Arrays.stream(Request.values())
                .map(MosquittoAcl::anyDevice)
                .toArray(String[]::new);
    }

    /**
     * Everything the bridge subscribes to: the request filters, then the dynamic-security plugin's answers
     * (docs/decisions/0022). Mosquitto grants every subscription; the ACL file decides what is delivered.
     */
    static String[] subscriptionFilters() {
        String[] requests = requestFilters();
        String[] all = Arrays.copyOf(requests, requests.length + 1);
        all[requests.length] = DynamicSecurityCommands.RESPONSE_TOPIC;
        return all;
    }

    /** Connects and subscribes, waiting at most the connect timeout for each step. */
    public void start() throws ExternalBrokerException {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setSocketFactory(settings.socketFactory);
        options.setCleanStart(false);
        options.setSessionExpiryInterval(settings.sessionExpiry.toSeconds());
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay((int) settings.reconnectMin.toSeconds(), (int) settings.reconnectMax.toSeconds());
        options.setConnectionTimeout((int) Math.max(1, settings.connectTimeout.toSeconds()));
        options.setKeepAliveInterval(30);
        options.setReceiveMaximum(settings.maxInflight);
        options.setHttpsHostnameVerificationEnabled(true);
        try {
            IMqttToken connected = client.connect(options);
            connected.waitForCompletion(settings.connectTimeout.toMillis());
            if (!connected.isComplete()) {
                throw new ExternalBrokerException(ExternalBrokerFailure.TIMED_OUT,
                        "no CONNACK from " + settings.serverUri + " within " + settings.connectTimeout);
            }
            Integer receiveMaximum = connected.getResponseProperties() == null ? null
                    : connected.getResponseProperties().getReceiveMaximum();
            if (receiveMaximum != null && receiveMaximum < window.limit()) {
                LOG.info("broker accepts {} unacknowledged publishes, fewer than the configured {}: using {}",
                        receiveMaximum, settings.maxInflight, receiveMaximum);
                window.limitTo(receiveMaximum);
            }
            IMqttToken subscribed = subscribe();
            subscribed.waitForCompletion(settings.connectTimeout.toMillis());
            int[] codes = subscribed.getReasonCodes();
            for (int i = 0; codes != null && i < codes.length; i++) {
                if (codes[i] >= FIRST_FAILURE_REASON) {
                    throw new ExternalBrokerException(ExternalBrokerFailure.SUBSCRIBE_REFUSED, "broker refused the "
                            + "subscription to " + subscriptionFilters()[i] + " (reason " + codes[i] + ") for " + settings.gatewayId);
                }
            }
        } catch (MqttException e) {
            throw new ExternalBrokerException(ExternalBrokerFailure.CONNECT_FAILED,
                    "cannot connect to " + settings.serverUri + " as " + settings.gatewayId + ": " + e.getMessage(), e);
        }
    }

    public boolean isConnected() {
        return client.isConnected();
    }

    /** Publishes a retained message, such as the chain on {@code prov/v1/ca/certs}; completes on PUBACK. */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        return send(new Outgoing(topic, payload.clone(), true, Optional.empty(), new CompletableFuture<>()));
    }

    /** Publishes a message that is not retained, such as a revocation notice; completes on PUBACK. */
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        return send(new Outgoing(topic, payload.clone(), false, Optional.empty(), new CompletableFuture<>()));
    }

    /**
     * Makes the broker enforce a new CRL (new handshakes only: Mosquitto keeps connected clients)
     * and publishes it, retained, on {@code prov/v1/ca/crl}.
     */
    public CompletableFuture<Void> refreshCrl(byte[] crlDer) throws ExternalBrokerException {
        Objects.requireNonNull(crlDer, "crlDer");
        settings.crlInstaller.install(crlDer.clone());
        return publishRetained(BrokerTopics.CA_CRL, crlDer);
    }

    /** How often the broker connection was lost since start; for health checks. */
    public int disconnectCount() {
        return disconnects.get();
    }

    /** Replies queued because the in-flight window is full; for health checks. */
    public int queuedReplies() {
        return window.queued();
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect(settings.connectTimeout.toMillis()).waitForCompletion(settings.connectTimeout.toMillis());
            }
        } catch (MqttException e) {
            LOG.warn("clean disconnect from {} failed ({}); closing anyway", settings.serverUri, e.getReasonCode());
            forceDisconnect();
        } finally {
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.warn("closing the MQTT client failed ({})", e.getReasonCode());
            }
        }
    }

    private void forceDisconnect() {
        try {
            client.disconnectForcibly(0, settings.connectTimeout.toMillis(), false);
        } catch (MqttException e) {
            LOG.debug("forced disconnect failed ({})", e.getReasonCode());
        }
    }

    private IMqttToken subscribe() throws MqttException {
        String[] filters = subscriptionFilters();
        MqttSubscription[] subscriptions = Arrays.stream(filters)
                .map(filter -> new MqttSubscription(filter, QOS))
                .toArray(MqttSubscription[]::new);
        return client.subscribe(subscriptions, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                for (int i = 0; codes != null && i < codes.length && i < filters.length; i++) {
                    if (codes[i] >= FIRST_FAILURE_REASON) {
                        LOG.error("broker refused the subscription to {} (reason {}): check its ACL for user {}",
                                filters[i], codes[i], settings.gatewayId);
                    }
                }
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                LOG.error("subscribing to the request topics failed: {}", failure.getMessage());
            }
        }, new MqttProperties());
    }

    private void onRequest(String topic, MqttMessage message) {
        Optional<RequestRoute> route = RequestRoute.of(topic);
        if (route.isEmpty()) {
            // Mosquitto's %c patterns let a client whose id is no valid device id (or is reserved) publish here.
            settings.attempts.count(UnauthorizedKind.REQUEST_INVALID_DEVICE_ID);
            LOG.debug("dropped a message on a request topic: its device segment is not a valid, unreserved device id");
            return;
        }
        byte[] payload = message.getPayload();
        Optional<byte[]> correlation = Optional.ofNullable(message.getProperties())
                .map(MqttProperties::getCorrelationData)
                .map(byte[]::clone);
        RequestRoute request = route.get();
        try {
            settings.executor.execute(() -> handle(request, payload, correlation));
        } catch (RejectedExecutionException e) {
            LOG.warn("dropped a {} request from {}: executor is saturated", request.request(), request.who().deviceId());
        }
    }

    private void handle(RequestRoute request, byte[] payload, Optional<byte[]> correlation) {
        CompletableFuture<Optional<Reply>> answer;
        try {
            answer = settings.handler.handle(request.who(), request.topic(), payload);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((reply, failure) -> {
            if (failure != null) {
                LOG.warn("handler failed on a {} request from {}: {}", request.request(), request.who().deviceId(),
                        failure.getClass().getSimpleName());
            } else if (reply.isPresent()) {
                send(new Outgoing(reply.get().topic(), reply.get().payload(), false, correlation, new CompletableFuture<>()));
                reply.get().effects().forEach(effect -> effect.applyTo(effects));
            }
        });
    }

    /**
     * External mode's mapping of the core's effects. Each request is already answered as coming from the
     * device's current certificate (read from the registry), so a new certificate needs no binding. A
     * cut-off (a revoked device still asking) goes to the configured {@link DeviceCutOffs}: with Mosquitto's
     * dynamic-security plugin it disconnects the device (docs/decisions/0022); the CRL refuses its next handshake.
     */
    private final class Effects implements ConnectionEffect.Applier {
        @Override
        public void boundToDevice(ConnectionEffect.BoundToDevice effect) {
            LOG.debug("device {} now holds certificate {}", effect.deviceId(), effect.serialHex());
        }

        @Override
        public void cutOff(ConnectionEffect.CutOff effect) {
            LOG.info("device {} is revoked ({}) and still asking: cutting it off", effect.deviceId(), effect.reason());
            settings.cutOffs.cutOff(ExternalBrokerBridge.this, effect.deviceId());
        }
    }

    /** What the bridge does with a device the core says must be cut off; the bridge cannot disconnect a client itself. */
    @FunctionalInterface
    public interface DeviceCutOffs {
        /** Logs only: Mosquitto keeps the connection, and the CRL refuses the device's next handshake. */
        DeviceCutOffs LOG_ONLY = (bridge, deviceId) -> LOG.warn(
                "device {} must be cut off but no cut-off is configured: Mosquitto keeps its open connection", deviceId);

        /** Starts disconnecting {@code deviceId}; must not block (it runs on the bridge's reply path). */
        void cutOff(ExternalBrokerBridge bridge, String deviceId);
    }

    private CompletableFuture<Void> send(Outgoing outgoing) {
        switch (window.offer(outgoing)) {
            case SEND_NOW -> publish(outgoing);
            case QUEUED -> LOG.debug("reply to {} queued: {} publishes in flight", outgoing.topic(), window.inFlight());
            case REFUSED -> {
                LOG.warn("dropped the publish to {}: {} replies already queued", outgoing.topic(), window.queued());
                outgoing.done().completeExceptionally(new ExternalBrokerException(ExternalBrokerFailure.PUBLISH_FAILED,
                        "reply queue full; publish to " + outgoing.topic() + " dropped"));
            }
        }
        return outgoing.done();
    }

    private void publish(Outgoing outgoing) {
        MqttMessage message = new MqttMessage(outgoing.payload(), QOS, outgoing.retained(), new MqttProperties());
        outgoing.correlation().ifPresent(message.getProperties()::setCorrelationData);
        try {
            client.publish(outgoing.topic(), message, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    finished(outgoing, Optional.empty());
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    finished(outgoing, Optional.of(failure));
                }
            });
        } catch (MqttException | RuntimeException e) {
            finished(outgoing, Optional.of(e));
        }
    }

    private void finished(Outgoing outgoing, Optional<Throwable> failure) {
        if (failure.isPresent()) {
            LOG.warn("publish to {} failed: {}", outgoing.topic(), failure.get().getMessage());
            outgoing.done().completeExceptionally(new ExternalBrokerException(ExternalBrokerFailure.PUBLISH_FAILED,
                    "publish to " + outgoing.topic() + " failed", failure.get()));
        } else {
            outgoing.done().complete(null);
        }
        window.release().ifPresent(this::publish);
    }

    /** Paho's callbacks; they run on its single callback thread, so each only hands work on. */
    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (DynamicSecurityCommands.RESPONSE_TOPIC.equals(topic)) {
                settings.controlAnswers.accept(message.getPayload());
            } else {
                onRequest(topic, message);
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                LOG.info("reconnected to {}; subscribing again in case the broker lost the session", serverUri);
                try {
                    subscribe();
                } catch (MqttException e) {
                    LOG.error("resubscribing after reconnect failed ({})", e.getReasonCode());
                }
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnects.incrementAndGet();
            LOG.warn("disconnected from {} (reason {}); reconnecting with backoff", settings.serverUri, response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.warn("MQTT error ({})", exception.getReasonCode());
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Completion is handled per publish by its action listener.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // Mosquitto's certificate authentication needs no AUTH exchange.
        }
    }

    /** Builds an {@link ExternalBrokerBridge}; broker URI, gateway id, TLS, handler, executor and CRL installer are required. */
    public static final class Builder {
        private String serverUri;
        private String gatewayId;
        private SSLSocketFactory socketFactory;
        private DeviceRequestHandler handler;
        private Executor executor;
        private CrlInstaller crlInstaller;
        private UnauthorizedAttempts attempts = UnauthorizedAttempts.uncounted();
        private java.util.function.Consumer<byte[]> controlAnswers = payload -> LOG.debug(
                "an answer on {} but no one sends control commands", DynamicSecurityCommands.RESPONSE_TOPIC);
        private DeviceCutOffs cutOffs = DeviceCutOffs.LOG_ONLY;
        private int maxInflight = 20;
        private int replyQueueLimit = 10_000;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration reconnectMin = Duration.ofSeconds(1);
        private Duration reconnectMax = Duration.ofSeconds(30);
        private Duration sessionExpiry = Duration.ofMinutes(5);
        private SecureRandom random;

        private Builder() {
        }

        /** {@code ssl://host:port} of the broker's mTLS listener. */
        public Builder serverUri(String serverUri) {
            this.serverUri = serverUri;
            return this;
        }

        /** The CN of the gateway's certificate (Mosquitto's username for it); the client id adds a random suffix. */
        public Builder gatewayId(String gatewayId) {
            this.gatewayId = gatewayId;
            return this;
        }

        /** See {@link GatewayTls#socketFactory}. */
        public Builder socketFactory(SSLSocketFactory socketFactory) {
            this.socketFactory = socketFactory;
            return this;
        }

        public Builder handler(DeviceRequestHandler handler) {
            this.handler = handler;
            return this;
        }

        /** Where requests are handled; Paho's callback thread only hands them over. */
        public Builder executor(Executor executor) {
            this.executor = executor;
            return this;
        }

        /** How a new CRL reaches the broker, e.g. {@link MosquittoFiles#crlInstaller(Runnable)}. */
        public Builder crlInstaller(CrlInstaller crlInstaller) {
            this.crlInstaller = crlInstaller;
            return this;
        }

        /** Where dropped requests are counted; nowhere by default. */
        public Builder unauthorizedAttempts(UnauthorizedAttempts attempts) {
            this.attempts = attempts;
            return this;
        }

        /**
         * Where the dynamic-security plugin's answers go (see {@link MosquittoCutOff#answerArrived}); they
         * arrive on Paho's callback thread, so the consumer must not block. Logged and dropped by default.
         */
        public Builder controlAnswers(java.util.function.Consumer<byte[]> value) {
            this.controlAnswers = value;
            return this;
        }

        /** What a cut-off effect from the core does; {@link DeviceCutOffs#LOG_ONLY} by default. */
        public Builder cutOffs(DeviceCutOffs value) {
            this.cutOffs = value;
            return this;
        }

        /** Unacknowledged publishes at once; keep at or under the broker's receive maximum ({@code max_inflight_messages}). */
        public Builder maxInflight(int maxInflight) {
            this.maxInflight = maxInflight;
            return this;
        }

        /** Replies waiting for an in-flight slot before new ones are dropped. */
        public Builder replyQueueLimit(int replyQueueLimit) {
            this.replyQueueLimit = replyQueueLimit;
            return this;
        }

        public Builder connectTimeout(Duration connectTimeout) {
            this.connectTimeout = connectTimeout;
            return this;
        }

        /** Backoff between reconnect attempts, doubling from {@code min} up to {@code max} (whole seconds). */
        public Builder reconnectBackoff(Duration min, Duration max) {
            this.reconnectMin = min;
            this.reconnectMax = max;
            return this;
        }

        /** How long the broker keeps the gateway's subscriptions and queued requests while it is away. */
        public Builder sessionExpiry(Duration sessionExpiry) {
            this.sessionExpiry = sessionExpiry;
            return this;
        }

        /** Source of the client id's random suffix; a new {@link SecureRandom} when not set. */
        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        public ExternalBrokerBridge build() throws ExternalBrokerException {
            require(serverUri, "server URI");
            require(gatewayId, "gateway id");
            require(socketFactory, "socket factory");
            require(handler, "request handler");
            require(executor, "executor");
            require(crlInstaller, "CRL installer");
            require(attempts, "unauthorized attempts");
            require(controlAnswers, "control answer consumer");
            require(cutOffs, "device cut-offs");
            if (!serverUri.startsWith("ssl://")) {
                throw new IllegalStateException("server URI must be ssl://host:port, got " + serverUri);
            }
            if (maxInflight < 1 || maxInflight > 65535) {
                throw new IllegalStateException("maxInflight must be 1 to 65535, got " + maxInflight);
            }
            if (replyQueueLimit < 0) {
                throw new IllegalStateException("replyQueueLimit must not be negative, got " + replyQueueLimit);
            }
            requirePositive(connectTimeout, "connect timeout");
            requirePositive(reconnectMin, "minimum reconnect delay");
            requirePositive(reconnectMax, "maximum reconnect delay");
            requirePositive(sessionExpiry, "session expiry");
            if (reconnectMax.compareTo(reconnectMin) < 0) {
                throw new IllegalStateException("maximum reconnect delay must not be below the minimum");
            }
            if (!io.edgeprov.gateway.core.identity.DeviceIds.isValid(gatewayId)) {
                throw new IllegalStateException("gateway id must be a valid certificate name of [A-Za-z0-9._-]");
            }
            return new ExternalBrokerBridge(snapshot());
        }

        /** A copy only the bridge holds, so later changes to this builder cannot reach a built bridge. */
        private Builder snapshot() {
            Builder copy = new Builder();
            copy.serverUri = serverUri;
            copy.gatewayId = gatewayId;
            copy.socketFactory = socketFactory;
            copy.handler = handler;
            copy.executor = executor;
            copy.crlInstaller = crlInstaller;
            copy.attempts = attempts;
            copy.controlAnswers = controlAnswers;
            copy.cutOffs = cutOffs;
            copy.maxInflight = maxInflight;
            copy.replyQueueLimit = replyQueueLimit;
            copy.connectTimeout = connectTimeout;
            copy.reconnectMin = reconnectMin;
            copy.reconnectMax = reconnectMax;
            copy.sessionExpiry = sessionExpiry;
            copy.random = random == null ? new SecureRandom() : random;
            return copy;
        }

        private static void require(Object value, String name) {
            if (value == null) {
                throw new IllegalStateException(name + " not set");
            }
        }

        private static void requirePositive(Duration value, String name) {
            if (value == null || value.isNegative() || value.toSeconds() < 1) {
                throw new IllegalStateException(name + " must be at least one second");
            }
        }
    }
}
