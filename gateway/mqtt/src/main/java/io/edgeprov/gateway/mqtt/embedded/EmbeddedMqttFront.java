package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.pki.Certificates;
import io.edgeprov.pki.crl.SignedCrl;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The default MQTT front end as a gateway part: the embedded broker with the gateway's policy, the
 * retained CA chain and current CRL, and revocations applied to it (retained CRL, notice, disconnect).
 * Before it starts and after it stops, revocations reach it as no-ops: the registry and the CRL files
 * already hold them, and a device connecting later is checked against the registry.
 */
public final class EmbeddedMqttFront implements GatewayPart, RevocationListener {
    private final BrokerConfig config;
    private final ClientCertificatePolicy policy;
    private final DeviceRequestHandler handler;
    private final Executor requests;
    private final SourceAdmission admission;
    private final UnauthorizedAttempts attempts;
    private final SecureRandom random;
    private final List<X509Certificate> caChain;
    private final Supplier<Optional<SignedCrl>> currentCrl;
    private final UnenrolledLimits unenrolledLimits;
    private final Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators;
    private volatile Optional<EmbeddedBroker> broker = Optional.empty();
    private volatile Optional<BrokerRevocationListener> revocations = Optional.empty();

    private EmbeddedMqttFront(Builder b) {
        this.config = b.config;
        this.policy = b.policy;
        this.handler = b.handler;
        this.requests = b.requests;
        this.admission = b.admission;
        this.attempts = b.attempts;
        this.random = b.random;
        this.caChain = List.copyOf(b.caChain);
        this.currentCrl = b.currentCrl;
        this.unenrolledLimits = b.unenrolledLimits;
        this.operators = b.operators;
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "mqtt";
    }

    @Override
    public synchronized void start() throws PartStartException {
        if (broker.isPresent()) {
            throw new PartStartException("the embedded MQTT front end was already started", null);
        }
        EmbeddedBroker.Builder startedBuilder = EmbeddedBroker.builder()
                .config(config)
                .certificatePolicy(policy)
                .requestHandler(handler)
                .requestExecutor(requests)
                .sourceAdmission(admission)
                .unauthorizedAttempts(attempts)
                .random(random)
                .unenrolledLimits(unenrolledLimits);
        operators.ifPresent(startedBuilder::operatorPlane);
        EmbeddedBroker started = startedBuilder.build();
        try {
            started.start();
        } catch (BrokerException e) {
            throw new PartStartException(e.getMessage(), e);
        }
        broker = Optional.of(started);
        revocations = Optional.of(new BrokerRevocationListener(started));
        try {
            started.publishRetained(BrokerTopics.CA_CERTS, Certificates.pkcs7CertsOnly(caChain));
        } catch (CertificateException e) {
            stop();
            throw new PartStartException("cannot publish the CA chain: " + e.getMessage(), e);
        }
        currentCrl.get().ifPresent(this::crlPublished);
        operators.ifPresent(plane -> plane.attach(new io.edgeprov.gateway.core.operator.OperatorPlane.Outbox() {
            @Override
            public java.util.concurrent.CompletableFuture<Void> publish(String topic, byte[] payload) {
                return started.publish(topic, payload);
            }

            @Override
            public java.util.concurrent.CompletableFuture<Boolean> disconnect(String clientId, String reason) {
                return started.disconnectClient(clientId, reason);
            }
        }));
    }

    @Override
    public PartHealth health() {
        Optional<EmbeddedBroker> running = broker;
        if (running.isEmpty()) {
            return PartHealth.down("not started");
        }
        try {
            return PartHealth.up("MQTT TLS on " + running.get().listenerAddress());
        } catch (IllegalStateException e) {
            return PartHealth.down("broker not running");
        }
    }

    @Override
    public synchronized void stop() {
        operators.ifPresent(io.edgeprov.gateway.core.operator.OperatorPlane::detach);
        revocations = Optional.empty();
        Optional<EmbeddedBroker> running = broker;
        broker = Optional.empty();
        if (running.isPresent()) {
            try {
                running.get().close();
            } catch (BrokerException e) {
                org.slf4j.LoggerFactory.getLogger(EmbeddedMqttFront.class).warn("stopping the broker failed: {}", e.toString());
            }
        }
    }

    /**
     * Deletes the broker key store and config a killed gateway left in {@code workDirectory}; the
     * application calls it first at every start, whatever mode it runs in.
     *
     * @throws java.io.IOException when they cannot be deleted
     */
    public static void removeLeftoverSecrets(java.nio.file.Path workDirectory) throws java.io.IOException {
        HiveMqFolders.removeLeftoverSecrets(workDirectory);
    }

    /** Where devices connect: the bound address (the real port when the configuration said 0). */
    public InetSocketAddress listenerAddress() {
        return broker.orElseThrow(() -> new IllegalStateException("the embedded MQTT front end is not running"))
                .listenerAddress();
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        revocations.ifPresent(listener -> listener.crlPublished(crl));
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        revocations.ifPresent(listener -> listener.deviceRevoked(deviceId, revoked, reason));
    }

    /** Collects the front end's collaborators; all are required. */
    public static final class Builder {
        private BrokerConfig config;
        private ClientCertificatePolicy policy;
        private DeviceRequestHandler handler;
        private Executor requests;
        private SourceAdmission admission = SourceAdmission.unlimited();
        private UnauthorizedAttempts attempts = UnauthorizedAttempts.uncounted();
        private SecureRandom random;
        private List<X509Certificate> caChain;
        private Supplier<Optional<SignedCrl>> currentCrl = Optional::empty;
        private UnenrolledLimits unenrolledLimits = UnenrolledLimits.DEFAULTS;
        private Optional<io.edgeprov.gateway.core.operator.OperatorPlane> operators = Optional.empty();

        /** Serves people beside devices on the same broker (the admin plane). */
        public Builder operatorPlane(io.edgeprov.gateway.core.operator.OperatorPlane value) {
            this.operators = Optional.of(Objects.requireNonNull(value, "operatorPlane"));
            return this;
        }

        private Builder() {
        }

        public Builder config(BrokerConfig value) {
            this.config = value;
            return this;
        }

        public Builder certificatePolicy(ClientCertificatePolicy value) {
            this.policy = value;
            return this;
        }

        public Builder requestHandler(DeviceRequestHandler value) {
            this.handler = value;
            return this;
        }

        /** The gateway's request workers, injected: the broker's own threads never run a use case. */
        public Builder requestExecutor(Executor value) {
            this.requests = value;
            return this;
        }

        public Builder sourceAdmission(SourceAdmission value) {
            this.admission = value;
            return this;
        }

        public Builder unauthorizedAttempts(UnauthorizedAttempts value) {
            this.attempts = value;
            return this;
        }

        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        /** The CA chain published retained on {@code prov/v1/ca/certs}. */
        public Builder caChain(List<X509Certificate> value) {
            this.caChain = value;
            return this;
        }

        /** The CRL to publish retained at start; later ones arrive through {@link #crlPublished}. */
        public Builder currentCrl(Supplier<Optional<SignedCrl>> value) {
            this.currentCrl = value;
            return this;
        }

        /** Caps on connections without a certificate, per source address and in total. */
        public Builder unenrolledLimits(UnenrolledLimits value) {
            this.unenrolledLimits = value;
            return this;
        }

        public EmbeddedMqttFront build() {
            require(config, "a BrokerConfig");
            require(policy, "a ClientCertificatePolicy");
            require(handler, "a DeviceRequestHandler");
            require(requests, "a request executor");
            require(admission, "a SourceAdmission");
            require(attempts, "UnauthorizedAttempts");
            require(random, "a SecureRandom");
            require(caChain, "the CA chain");
            require(currentCrl, "the current CRL");
            require(unenrolledLimits, "unenrolled connection limits");
            if (caChain.isEmpty()) {
                throw new IllegalStateException("EmbeddedMqttFront needs a non-empty CA chain");
            }
            return new EmbeddedMqttFront(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("EmbeddedMqttFront needs " + what);
            }
        }
    }
}
