package io.edgeprov.gateway.coap;

import io.edgeprov.contracts.codec.CborDeviceCodec;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.device.DevicePort;
import io.edgeprov.gateway.core.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.core.identity.SourceAdmission;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.pki.crl.SignedCrl;
import java.net.InetSocketAddress;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Supplier;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.Resource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The CoAP front end as a gateway part: a Californium server with one DTLS endpoint (Scandium) and the
 * EST-coaps resources under {@code /.well-known/est}, each adapting CoAP to the core's device port.
 * Revocations cut the device's DTLS sessions off; the CRL resource reads the current CRL on every GET.
 * Before it starts and after it stops, revocations are no-ops: a device connecting later is checked
 * against the registry at its handshake.
 */
public final class CoapFront implements GatewayPart, RevocationListener {
    private static final Logger LOG = LoggerFactory.getLogger(CoapFront.class);

    private final CoapSettings settings;
    private final DevicePort port;
    private final ClientCertificatePolicy policy;
    private final List<X509Certificate> caChain;
    private final PrivateKey serverKey;
    private final List<X509Certificate> serverChain;
    private final Executor requests;
    private final SourceAdmission admission;
    private final UnauthorizedAttempts attempts;
    private final CoapMetrics metrics;
    private final Supplier<Optional<SignedCrl>> currentCrl;
    private final SecureRandom random;
    private final SessionControl sessions;
    private volatile Optional<Running> running = Optional.empty();

    private record Running(CoapServer server, CoapEndpoint endpoint) {
    }

    private CoapFront(Builder b) {
        this.settings = b.settings;
        this.port = b.port;
        this.policy = b.policy;
        this.caChain = List.copyOf(b.caChain);
        this.serverKey = b.serverKey;
        this.serverChain = List.copyOf(b.serverChain);
        this.requests = b.requests;
        this.admission = b.admission;
        this.attempts = b.attempts;
        this.metrics = b.metrics;
        this.currentCrl = b.currentCrl;
        this.random = b.random;
        this.sessions = new SessionControl(settings.maxConnections());
    }

    public static Builder builder() {
        return new Builder();
    }

    @Override
    public String name() {
        return "coap";
    }

    @Override
    public synchronized void start() throws PartStartException {
        if (running.isPresent()) {
            throw new PartStartException("the CoAP front end was already started", null);
        }
        DtlsEndpoints.Built built;
        try {
            built = DtlsEndpoints.build(settings, serverKey, serverChain,
                    new DeviceCertificateVerifier(policy, caChain.get(0), attempts), sessions.listener());
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PartStartException("cannot configure DTLS: " + e.getMessage(), e);
        }
        CoapServer server = new CoapServer(built.configuration());
        server.addEndpoint(built.endpoint());
        Answers answers = new Answers(new CborDeviceCodec(), metrics, settings.busyRetryAfter());
        RequestGate gate = new RequestGate(admission, attempts, settings.maxRequestsInFlight());
        CoapResource est = new CoapResource("est");
        try {
            est.add(new CaCertsResource(caChain, answers));
        } catch (CertificateException e) {
            throw new PartStartException("cannot encode the CA chain: " + e.getMessage(), e);
        }
        for (DeviceRequestResource.Kind kind : DeviceRequestResource.Kind.values()) {
            est.add(new DeviceRequestResource(kind, port, answers, gate, requests, sessions, random));
        }
        est.add(new CrlResource(currentCrl, answers));
        Resource wellKnown = server.getRoot().getChild(".well-known");
        wellKnown.add(est);
        sessions.attach(built.connector());
        try {
            server.start();
        } catch (RuntimeException e) {
            sessions.detach();
            server.destroy();
            throw new PartStartException("cannot listen for CoAP over DTLS on " + settings.bind() + ":" + settings.port()
                    + ": " + e.getMessage(), e);
        }
        running = Optional.of(new Running(server, built.endpoint()));
        LOG.info("CoAP over DTLS on {} (Connection ID {} bytes, at most {} connections)", address(),
                settings.connectionIdLength(), settings.maxConnections());
    }

    @Override
    public PartHealth health() {
        Optional<Running> current = running;
        if (current.isEmpty()) {
            return PartHealth.down("not started");
        }
        return current.get().endpoint().isStarted() ? PartHealth.up("CoAP DTLS on " + current.get().endpoint().getAddress())
                : PartHealth.down("the DTLS endpoint is not running");
    }

    @Override
    public synchronized void stop() {
        Optional<Running> current = running;
        running = Optional.empty();
        sessions.detach();
        current.ifPresent(r -> r.server().destroy());
    }

    /** Where devices connect: the bound address (the real port when the settings said 0). */
    public InetSocketAddress address() {
        return running.orElseThrow(() -> new IllegalStateException("the CoAP front end is not running")).endpoint().getAddress();
    }

    /** The bound UDP port. */
    public int port() {
        return address().getPort();
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        // The CRL resource reads the current CRL on every GET.
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        if (running.isPresent()) {
            sessions.cutOff(deviceId);
        }
    }

    /** Collects the front end's collaborators; all but the admission, attempts, metrics and CRL are required. */
    public static final class Builder {
        private CoapSettings settings;
        private DevicePort port;
        private ClientCertificatePolicy policy;
        private List<X509Certificate> caChain;
        private PrivateKey serverKey;
        private List<X509Certificate> serverChain;
        private Executor requests;
        private SourceAdmission admission = SourceAdmission.unlimited();
        private UnauthorizedAttempts attempts = UnauthorizedAttempts.uncounted();
        private CoapMetrics metrics = CoapMetrics.uncounted();
        private Supplier<Optional<SignedCrl>> currentCrl = Optional::empty;
        private SecureRandom random;

        private Builder() {
        }

        public Builder settings(CoapSettings value) {
            this.settings = value;
            return this;
        }

        public Builder devicePort(DevicePort value) {
            this.port = value;
            return this;
        }

        /** The connect check for DTLS client certificates (the one the MQTT front end applies). */
        public Builder certificatePolicy(ClientCertificatePolicy value) {
            this.policy = value;
            return this;
        }

        /** The gateway CA first, then its issuers: served at {@code crts}, and the CA client certificates chain to. */
        public Builder caChain(List<X509Certificate> value) {
            this.caChain = value;
            return this;
        }

        /** The DTLS server key and certificate chain (leaf first), issued by the gateway CA. */
        public Builder serverCredential(PrivateKey key, List<X509Certificate> chain) {
            this.serverKey = key;
            this.serverChain = chain;
            return this;
        }

        /** The gateway's request workers, injected: CoAP's own threads never run a use case. */
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

        public Builder metrics(CoapMetrics value) {
            this.metrics = value;
            return this;
        }

        public Builder currentCrl(Supplier<Optional<SignedCrl>> value) {
            this.currentCrl = value;
            return this;
        }

        public Builder random(SecureRandom value) {
            this.random = value;
            return this;
        }

        public CoapFront build() {
            require(settings, "CoapSettings");
            require(port, "a DevicePort");
            require(policy, "a ClientCertificatePolicy");
            require(caChain, "the CA chain");
            require(serverKey, "the DTLS server key");
            require(serverChain, "the DTLS server certificate chain");
            require(requests, "a request executor");
            require(admission, "a SourceAdmission");
            require(attempts, "UnauthorizedAttempts");
            require(metrics, "CoapMetrics");
            require(currentCrl, "the current CRL");
            require(random, "a SecureRandom");
            if (caChain.isEmpty() || serverChain.isEmpty()) {
                throw new IllegalStateException("CoapFront needs a non-empty CA chain and server certificate chain");
            }
            return new CoapFront(this);
        }

        private static void require(Object value, String what) {
            if (value == null) {
                throw new IllegalStateException("CoapFront needs " + what);
            }
        }
    }
}
