package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.client.parameter.Listener;
import com.hivemq.extension.sdk.api.packets.disconnect.DisconnectReasonCode;
import com.hivemq.extension.sdk.api.packets.general.Qos;
import com.hivemq.extension.sdk.api.services.Services;
import com.hivemq.extension.sdk.api.services.builder.Builders;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's MQTT broker: HiveMQ CE embedded, one TLS listener, configured from code in a
 * private folder, failing closed.
 *
 * <p>{@link #start()} returns only when the gateway's extension finished its start and the
 * listener is bound; otherwise the broker is stopped and closed before start throws. An instance
 * starts once; make a new one to start again. HiveMQ's static service locator points at the last
 * instance started, so run one broker per JVM. {@link #close()} is safe after a failed start and
 * more than once.
 */
public final class EmbeddedBroker implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedBroker.class);
    private static final String EXTENSION_ID = "edgeprov-gateway";

    private enum State { NEW, RUNNING, CLOSED }

    private final BrokerConfig config;
    private final ClientCertificatePolicy policy;
    private final DeviceRequestHandler handler;
    private final Executor requestExecutor;
    private final Runnable startCheck;
    private final SourceAdmission sourceAdmission;
    private final UnauthorizedAttempts attempts;
    private final SecureRandom random;
    private final UnenrolledLimits unenrolledLimits;
    private final Object lock = new Object();

    private State state = State.NEW;
    private Optional<EmbeddedHiveMQ> hive = Optional.empty();
    private Optional<HiveMqFolders> folders = Optional.empty();
    private Optional<ProvisionerExtension.ReadyServices> services = Optional.empty();
    private final Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators;
    private Optional<InetSocketAddress> address = Optional.empty();

    private EmbeddedBroker(Builder builder) {
        this.config = builder.config;
        this.policy = builder.policy;
        this.handler = builder.handler;
        this.requestExecutor = builder.requestExecutor;
        this.sourceAdmission = builder.sourceAdmission;
        this.attempts = builder.attempts;
        this.startCheck = builder.startCheck;
        this.random = builder.random;
        this.unenrolledLimits = builder.unenrolledLimits;
        this.operators = builder.operators;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Writes the configuration, starts HiveMQ and checks that the gateway's extension is in charge.
     *
     * @throws BrokerException with {@link BrokerFailure#EXTENSION_NOT_READY} when the extension did not
     *                         finish its start (the broker has been shut down again), or another failure
     */
    public void start() throws BrokerException {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new BrokerException(BrokerFailure.ALREADY_STARTED,
                        "this broker was already started once; HiveMQ cannot restart an instance, build a new one");
            }
            state = State.CLOSED;
            requirePortFree();
            HiveMqFolders written = HiveMqFolders.write(config, random);
            folders = Optional.of(written);
            keepSideEffectsInside(written);
            ProvisionerExtension extension = new ProvisionerExtension(policy, handler, requestExecutor,
                    config.requestTimeout(), startCheck, sourceAdmission, attempts, unenrolledLimits, operators);
            EmbeddedHiveMQ instance = EmbeddedHiveMQ.builder()
                    .withConfigurationFolder(written.conf())
                    .withDataFolder(written.data())
                    .withExtensionsFolder(written.extensions())
                    .withEmbeddedExtension(EmbeddedExtension.builder()
                            .withId(EXTENSION_ID)
                            .withName("Edge Provisioner gateway")
                            .withVersion("1")
                            .withAuthor("Edge Provisioner")
                            .withPriority(1000)
                            .withStartPriority(1000)
                            .withExtensionMain(extension)
                            .build())
                    .withoutLoggingBootstrap()
                    .build();
            hive = Optional.of(instance);
            try {
                instance.start().get(config.lifecycleTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                shutDownQuietly();
                throw new BrokerException(BrokerFailure.START_FAILED, "HiveMQ did not start on " + config.bindAddress()
                        + ":" + config.port() + ": " + rootMessage(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                shutDownQuietly();
                throw new BrokerException(BrokerFailure.START_FAILED, "interrupted while starting HiveMQ", e);
            }
            Optional<ProvisionerExtension.ReadyServices> ready = extension.services();
            if (ready.isEmpty()) {
                shutDownQuietly();
                throw new BrokerException(BrokerFailure.EXTENSION_NOT_READY,
                        "the gateway extension did not finish its start; the broker was stopped rather than run unprotected");
            }
            Optional<InetSocketAddress> bound = boundListener();
            if (bound.isEmpty()) {
                shutDownQuietly();
                throw new BrokerException(BrokerFailure.START_FAILED, "HiveMQ started without the TLS listener");
            }
            services = ready;
            address = bound;
            state = State.RUNNING;
            LOG.info("MQTT broker listening with TLS on {}", bound.get());
        }
    }

    /**
     * HiveMQ meets a port in use only after its whole start, and then reports an "UnrecoverableException"
     * half a minute later; a bind tried first says at once what is wrong.
     */
    private void requirePortFree() throws BrokerException {
        if (config.port() == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(config.bindAddress(), config.port()));
        } catch (IOException e) {
            throw new BrokerException(BrokerFailure.PORT_IN_USE, "the MQTT port " + config.port() + " on "
                    + config.bindAddress() + " is in use (or the address is not this machine's): " + e.getMessage(), e);
        }
    }

    /** The bound TLS port (the real one when the configuration asked for port 0). */
    public int port() {
        return listenerAddress().getPort();
    }

    public InetSocketAddress listenerAddress() {
        synchronized (lock) {
            return address.orElseThrow(() -> new IllegalStateException("the broker is not running"));
        }
    }

    /**
     * Cuts a device off (for example on revocation); its session ends and it must reconnect, which
     * the certificate policy then refuses.
     *
     * @return true when a connected client with that id was disconnected
     */
    public CompletableFuture<Boolean> disconnect(String deviceId, String reason) {
        DeviceIds.require(deviceId, "deviceId");
        Objects.requireNonNull(reason, "reason");
        Optional<ProvisionerExtension.ReadyServices> running = runningServices();
        if (running.isEmpty()) {
            return notRunning();
        }
        return running.get().clients().disconnectClient(deviceId, true, DisconnectReasonCode.ADMINISTRATIVE_ACTION, reason);
    }

    /** Whether a client with this id is connected now. */
    /** Disconnects any client (an operator's {@code op@...} included) by client id. */
    public CompletableFuture<Boolean> disconnectClient(String clientId, String reason) {
        Optional<ProvisionerExtension.ReadyServices> running = runningServices();
        if (running.isEmpty()) {
            return notRunning();
        }
        return running.get().clients().disconnectClient(clientId, true, DisconnectReasonCode.ADMINISTRATIVE_ACTION, reason);
    }

    public CompletableFuture<Boolean> isConnected(String deviceId) {
        DeviceIds.require(deviceId, "deviceId");
        Optional<ProvisionerExtension.ReadyServices> running = runningServices();
        if (running.isEmpty()) {
            return CompletableFuture.completedFuture(false);
        }
        return running.get().clients().isClientConnected(deviceId);
    }

    /** Publishes a retained message (CA chain, CRL) that every later subscriber receives first. */
    public CompletableFuture<Void> publishRetained(String topic, byte[] payload) {
        return publish(topic, payload, true);
    }

    /** Publishes a message from the gateway itself (for example a notice to a device). */
    public CompletableFuture<Void> publish(String topic, byte[] payload) {
        return publish(topic, payload, false);
    }

    private CompletableFuture<Void> publish(String topic, byte[] payload, boolean retain) {
        Objects.requireNonNull(topic, "topic");
        Objects.requireNonNull(payload, "payload");
        if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
            throw new IllegalArgumentException("topic must be a topic name without wildcards: " + topic);
        }
        Optional<ProvisionerExtension.ReadyServices> running = runningServices();
        if (running.isEmpty()) {
            return notRunning();
        }
        return running.get().publisher().publish(Builders.publish()
                .topic(topic)
                .qos(Qos.AT_LEAST_ONCE)
                .retain(retain)
                .payload(ByteBuffer.wrap(payload.clone()))
                .build());
    }

    /** Stops HiveMQ and deletes the key store; safe after a failed start and when called twice. */
    @Override
    public void close() throws BrokerException {
        synchronized (lock) {
            state = State.CLOSED;
            services = Optional.empty();
            address = Optional.empty();
            if (hive.isEmpty()) {
                return;
            }
            EmbeddedHiveMQ instance = hive.get();
            hive = Optional.empty();
            try {
                instance.stop().get(config.lifecycleTimeout().toMillis(), TimeUnit.MILLISECONDS);
                instance.close();
            } catch (ExecutionException | TimeoutException e) {
                closeQuietly(instance);
                throw new BrokerException(BrokerFailure.STOP_FAILED, "HiveMQ did not stop cleanly: " + rootMessage(e), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closeQuietly(instance);
                throw new BrokerException(BrokerFailure.STOP_FAILED, "interrupted while stopping HiveMQ", e);
            } finally {
                deleteSecrets();
            }
            LOG.info("MQTT broker stopped");
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "EmbeddedBroker[" + state + ", " + address.map(InetSocketAddress::toString).orElse("not listening") + "]";
        }
    }

    private Optional<ProvisionerExtension.ReadyServices> runningServices() {
        synchronized (lock) {
            return state == State.RUNNING ? services : Optional.empty();
        }
    }

    private Optional<InetSocketAddress> boundListener() {
        return Services.adminService().getServerInformation().getListener().stream()
                .filter(listener -> listener.getPort() > 0)
                .findFirst()
                .map(EmbeddedBroker::toAddress);
    }

    private static InetSocketAddress toAddress(Listener listener) {
        return new InetSocketAddress(listener.getBindAddress(), listener.getPort());
    }

    private void shutDownQuietly() {
        Optional<EmbeddedHiveMQ> instance = hive;
        hive = Optional.empty();
        instance.ifPresent(running -> {
            try {
                running.stop().get(config.lifecycleTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.warn("HiveMQ did not stop after a failed start: {}", rootMessage(e));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                closeQuietly(running);
            }
        });
        deleteSecrets();
    }

    private static void closeQuietly(EmbeddedHiveMQ instance) {
        try {
            instance.close();
        } catch (ExecutionException e) {
            LOG.warn("HiveMQ did not close: {}", rootMessage(e));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void deleteSecrets() {
        folders.ifPresent(written -> {
            try {
                written.deleteSecrets();
            } catch (IOException e) {
                LOG.warn("cannot delete the broker key store under {}: {}", written, e.toString());
            }
        });
    }

    /** JVM-wide properties, set only when nobody chose them, so they do not point into ~/.cache or the cwd. */
    private static void keepSideEffectsInside(HiveMqFolders folders) {
        if (System.getProperty("jna.tmpdir") == null) {
            System.setProperty("jna.tmpdir", folders.jna().toString());
        }
        if (System.getProperty("hivemq.log.folder") == null) {
            System.setProperty("hivemq.log.folder", folders.logs().toString());
        }
    }

    private static <T> CompletableFuture<T> notRunning() {
        return CompletableFuture.failedFuture(new BrokerException(BrokerFailure.NOT_RUNNING, "the broker is not running"));
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + root.getMessage());
    }

    /** Builds an {@link EmbeddedBroker}; config, policy, handler and executor are required. */
    public static final class Builder {
        private BrokerConfig config;
        private ClientCertificatePolicy policy;
        private DeviceRequestHandler handler;
        private Executor requestExecutor;
        private Runnable startCheck = () -> { };
        private SourceAdmission sourceAdmission = SourceAdmission.unlimited();
        private UnauthorizedAttempts attempts = UnauthorizedAttempts.uncounted();
        private SecureRandom random;
        private UnenrolledLimits unenrolledLimits = UnenrolledLimits.DEFAULTS;
        private Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators = Optional.empty();

        private Builder() {
        }

        /** People served beside devices (the admin plane); none by default. */
        public Builder operatorPlane(io.edgeprov.gateway.core.operator.OperatorPlane plane) {
            this.operators = Optional.of(plane);
            return this;
        }

        public Builder config(BrokerConfig config) {
            this.config = config;
            return this;
        }

        public Builder certificatePolicy(ClientCertificatePolicy policy) {
            this.policy = policy;
            return this;
        }

        public Builder requestHandler(DeviceRequestHandler handler) {
            this.handler = handler;
            return this;
        }

        /**
         * Where connect checks (revocation lookups) and device requests run; the gateway owns it,
         * because HiveMQ's own extension pool is small and shared by every client.
         */
        public Builder requestExecutor(Executor requestExecutor) {
            this.requestExecutor = requestExecutor;
            return this;
        }

        /** Per-source-address request admission (rate limits); unlimited by default. */
        public Builder sourceAdmission(SourceAdmission admission) {
            this.sourceAdmission = Objects.requireNonNull(admission, "admission");
            return this;
        }

        /** Where refused connects, publishes, subscriptions and rate-limited requests are counted; nowhere by default. */
        public Builder unauthorizedAttempts(UnauthorizedAttempts attempts) {
            this.attempts = Objects.requireNonNull(attempts, "attempts");
            return this;
        }

        public Builder random(SecureRandom random) {
            this.random = random;
            return this;
        }

        /** Caps on connections without a certificate; {@link UnenrolledLimits#DEFAULTS} unless set. */
        public Builder unenrolledLimits(UnenrolledLimits limits) {
            this.unenrolledLimits = Objects.requireNonNull(limits, "limits");
            return this;
        }

        /** Runs inside the extension's start before it registers anything real; tests inject failures here. */
        Builder startCheck(Runnable startCheck) {
            this.startCheck = Objects.requireNonNull(startCheck, "startCheck");
            return this;
        }

        public EmbeddedBroker build() {
            if (config == null) {
                throw new IllegalStateException("EmbeddedBroker needs a BrokerConfig");
            }
            if (policy == null) {
                throw new IllegalStateException("EmbeddedBroker needs a ClientCertificatePolicy");
            }
            if (handler == null) {
                throw new IllegalStateException("EmbeddedBroker needs a DeviceRequestHandler");
            }
            if (requestExecutor == null) {
                throw new IllegalStateException("EmbeddedBroker needs a request executor");
            }
            if (random == null) {
                random = new SecureRandom();
            }
            return new EmbeddedBroker(this);
        }
    }
}
