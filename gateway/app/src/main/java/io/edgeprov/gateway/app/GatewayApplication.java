package io.edgeprov.gateway.app;

import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.observability.GatewayMetrics;
import io.edgeprov.gateway.app.observability.HealthEndpoint;
import io.edgeprov.gateway.app.observability.HttpLimits;
import io.edgeprov.gateway.app.observability.TlsRefusalReport;
import io.edgeprov.gateway.coap.CoapFront;
import io.edgeprov.gateway.core.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.sync.FleetSync;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.revocation.RevocationException;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.gateway.mqtt.DeviceMessageHandler;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.ServerCertificates;
import io.edgeprov.gateway.mqtt.embedded.BrokerConfig;
import io.edgeprov.gateway.mqtt.embedded.EmbeddedMqttFront;
import io.edgeprov.gateway.mqtt.embedded.UnenrolledLimits;
import io.edgeprov.gateway.mqtt.external.ExternalMqttFront;
import io.edgeprov.gateway.mqtt.external.ExternalMqttSettings;
import io.edgeprov.gateway.mqtt.external.ServerCredential;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.EllipticCurveProvider;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway, assembled from a validated {@link GatewayConfig}: the composition root.
 *
 * <p>{@link #start()} opens, in order: the gateway's executors, the SQLite registry in the data folder,
 * the CA key store and certificate authority, then builds the core once ({@link GatewayCore}: enrollment,
 * revocation, the connect check) and signs the first CRL. Then it starts the parts the configuration
 * chooses, each a {@link GatewayPart} with start, stop and health: the MQTT front end (embedded HiveMQ,
 * or the external Mosquitto mode), CRL upkeep, the challenge purge, and the flush of refusal summaries to
 * the audit log (first, so it stops after the front ends). Last comes the health endpoint,
 * which reports the registry, the CA certificate and every part. {@link #stop()} closes everything in
 * reverse order, and a failed start closes whatever it had opened before it throws. An instance starts once.
 */
public final class GatewayApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);
    static final String REGISTRY_FILE = "registry.db";
    /**
     * How often the gateway looks for revocations the CLI wrote beside it, to cut those devices off: well
     * inside the one second a revocation has to take effect in; a look that finds nothing new is one
     * indexed read ({@code RevocationStore.revocationMark}).
     */
    static final Duration REVOCATION_WATCH = Duration.ofMillis(200);
    private static final String MOSQUITTO_FOLDER = "mosquitto";
    private static final String BROKER_FOLDER = "broker";

    private enum State { NEW, RUNNING, STOPPED }

    private final GatewayConfig config;
    private final Clock clock;
    private final Function<String, String> environment;
    private final Duration caExpiryMargin;
    private final Duration crlRefresh;
    private final int requestThreads;
    private final int requestQueue;
    private final Duration externalBrokerWait;
    private final SecureRandom random = new SecureRandom();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final UnauthorizedAttempts attempts = metrics::unauthorizedAttempt;
    private final Deque<Closer> started = new ArrayDeque<>();
    private final Object lock = new Object();

    private State state = State.NEW;
    private Optional<Running> running = Optional.empty();

    /** Something started, with what it is called in a log line if stopping it fails. */
    private record Closer(String name, AutoCloseable resource) {
    }

    /** What a started gateway exposes to operators' in-process tools and tests. */
    private record Running(SqliteRegistry registry, CertificateAuthority authority, GatewayCore core,
            GatewayPart mqtt, Optional<CoapFront> coap, HealthEndpoint health) {
    }

    private GatewayApplication(Builder builder) {
        this.config = builder.config;
        this.clock = builder.clock;
        this.environment = builder.environment;
        this.caExpiryMargin = builder.caExpiryMargin;
        this.crlRefresh = builder.crlRefresh;
        this.requestThreads = builder.requestThreads;
        this.requestQueue = builder.requestQueue;
        this.externalBrokerWait = builder.externalBrokerWait;
        metrics.declareUnauthorizedKinds(List.of(UnauthorizedKind.values()));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Starts every part; on failure stops what was started and throws naming the step. */
    public void start() throws GatewayStartException {
        synchronized (lock) {
            if (state != State.NEW) {
                throw new GatewayStartException(StartFailure.LIFECYCLE, "this gateway was already started once", null);
            }
            state = State.RUNNING;
            try {
                running = Optional.of(startEverything());
            } catch (GatewayStartException e) {
                stopEverything();
                state = State.STOPPED;
                throw e;
            } catch (RuntimeException e) {
                stopEverything();
                state = State.STOPPED;
                throw new GatewayStartException(StartFailure.LIFECYCLE, "unexpected failure while starting: " + e, e);
            }
        }
    }

    private Running startEverything() throws GatewayStartException {
        // TLS handshakes are most of the broker's CPU; native or BouncyCastle curves make them several times cheaper than SunEC
        LOG.info("curve arithmetic for TLS: {}", EllipticCurveProvider.installFirst().getInfo());
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new GatewayStartException(StartFailure.DATA_DIR, "cannot create the data folder " + dataDir + ": " + e, e);
        }
        try {
            EmbeddedMqttFront.removeLeftoverSecrets(dataDir.resolve(BROKER_FOLDER));
        } catch (IOException e) {
            throw new GatewayStartException(StartFailure.DATA_DIR, "cannot remove the broker key store a previous run left in "
                    + dataDir.resolve(BROKER_FOLDER) + ": " + e, e);
        }
        GatewayExecutors executors = new GatewayExecutors(requestThreads, requestQueue);
        started.push(new Closer("executors", executors));

        SqliteRegistry registry;
        try {
            registry = SqliteRegistry.open(SqliteRegistryConfig.defaults(dataDir.resolve(REGISTRY_FILE)), clock,
                    executors.completions);
        } catch (RegistryException e) {
            throw new GatewayStartException(StartFailure.REGISTRY, e.getMessage(), e);
        }
        started.push(new Closer("registry", registry));

        // Bound before the certificate authority is built: with port 0 the CRL URL in certificates must name
        // the port the CRL is then served on. It answers once everything else has started.
        HealthEndpoint.Listener httpListener;
        try {
            httpListener = HealthEndpoint.bind(config.http().bind(), config.http().port());
        } catch (IOException | RuntimeException e) {
            throw new GatewayStartException(StartFailure.HEALTH_ENDPOINT, "cannot serve /health on " + config.http().bind()
                    + ":" + config.http().port() + ": " + e, e);
        }
        started.push(new Closer("health endpoint port", httpListener));
        List<URI> crlUrls;
        try {
            crlUrls = config.certificates().crlUrlsOr(() -> config.http().crlUrl(httpListener.port()));
        } catch (IllegalStateException e) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY, e.getMessage(), e);
        }

        CaKeyStore keyStore;
        try {
            keyStore = CaKeyStores.open(config.caKey(), environment);
        } catch (CaKeyStoreException | IllegalArgumentException e) {
            throw new GatewayStartException(StartFailure.CA_KEY_STORE, "cannot open the CA key store: " + e.getMessage(), e);
        }
        started.push(new Closer("CA key store", keyStore));
        X509Certificate ca = keyStore.certificate();
        CertificateAuthority authority;
        CrlBuilder crlBuilder;
        try {
            authority = CertificateAuthority.builder()
                    .keyStore(keyStore)
                    .profile(new DeviceCertificateProfile(new FleetNaming(config.fleet().organization(),
                            config.fleet().trustDomain()), config.certificates().lifetime(),
                            config.certificates().allowedKeys(), crlUrls))
                    .clock(clock)
                    .random(random)
                    .build();
            crlBuilder = new CrlBuilder(keyStore, clock);
        } catch (PkiException | IllegalArgumentException e) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY, e.getMessage(), e);
        }
        if (!ca.getNotAfter().toInstant().isAfter(clock.instant())) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY, "the gateway CA "
                    + ca.getSubjectX500Principal() + " expired at " + ca.getNotAfter().toInstant(), null);
        }

        GatewayCore core = GatewayCore.assemble(config, registry, authority, crlBuilder, ca, metrics, clock, random,
                executors.requests);
        try {
            core.revocation.rebuildCrl();
        } catch (RevocationException e) {
            throw new GatewayStartException(StartFailure.CRL, "cannot sign the first CRL: " + e.getMessage(), e);
        }

        DeviceRequestHandler mqttRequests = new DeviceMessageHandler(core.devices, new JsonDeviceCodec());
        GatewayPart mqtt = config.mqtt().mode() == GatewayConfig.Mqtt.Mode.EXTERNAL
                ? externalMqtt(core, registry, authority, mqttRequests, executors)
                : embeddedMqtt(core, authority, keyStore.certificateChain(), mqttRequests, executors);
        // The refusal summaries come first so they stop last, after the front ends that feed them.
        GatewayPart refusalSummaries = new RefusalSummaryFlush(core.enrollment.refusalSummaries(), executors.upkeep);
        List<GatewayPart> parts = new java.util.ArrayList<>(List.of(refusalSummaries, mqtt,
                new CrlUpkeep(core.revocation, executors.upkeep, crlRefresh, REVOCATION_WATCH, clock),
                new ChallengePurge(registry.challenges(), clock, executors.upkeep)));
        // CoAP over DTLS (issue 12): its own part beside MQTT, over the same core.
        Optional<CoapFront> coap = config.coap().enabled()
                ? Optional.of(CoapFronts.build(config.coap(), core, keyStore.certificateChain(),
                        issueServerCertificate(authority, config.coap().bind()), executors.requests, attempts, metrics, random))
                : Optional.empty();
        coap.ifPresent(parts::add);
        Optional<FleetSync> upstream = Optional.empty();
        if (config.upstream().isPresent()) {
            FleetSync sync = UpstreamSyncs.build(config, config.upstream().get(), registry, core.revocation, clock, System::getenv);
            parts.add(sync);
            upstream = Optional.of(sync);
        }
        for (GatewayPart part : parts) {
            startPart(part);
        }

        HealthEndpoint health;
        try {
            health = HealthEndpoint.start(httpListener, HttpLimits.DEFAULTS, metrics, healthChecks(registry, ca, parts),
                    core.revocation::latestCrl);
            started.push(new Closer("health endpoint", health));
        } catch (RuntimeException e) {
            throw new GatewayStartException(StartFailure.HEALTH_ENDPOINT, "cannot serve /health on " + config.http().bind()
                    + ":" + httpListener.port() + ": " + e, e);
        }
        metrics.gauge("edgeprov_ca_seconds_to_expiry", "Seconds until the gateway CA certificate expires",
                () -> Duration.between(clock.instant(), ca.getNotAfter().toInstant()).toSeconds());
        metrics.gauge("edgeprov_crl_age_seconds", "Seconds since the current CRL was signed",
                () -> core.revocation.latestCrl().map(crl -> Duration.between(crl.thisUpdate(), clock.instant()).toSeconds())
                        .orElse(-1L));
        RegistryGauges.register(metrics, registry.challenges(), registry.certificates(), clock, System::nanoTime);
        metrics.gauge("edgeprov_outbox_depth", "Revocation events waiting to go to the upstream fleet broker",
                () -> registry.revocations().outboxDepth());
        metrics.gauge("edgeprov_sync_lag_seconds", "How long the oldest event waiting for upstream has waited",
                () -> registry.revocations().oldestPending().map(t -> Duration.between(t, clock.instant()).toMillis() / 1000.0)
                        .orElse(0.0));
        upstream.ifPresent(sync -> {
            metrics.gauge("edgeprov_sync_events_sent", "Revocation events published upstream since start", sync::published);
            metrics.gauge("edgeprov_sync_events_applied", "Revocation events from other gateways enforced here since start",
                    sync::applied);
            metrics.gauge("edgeprov_sync_events_refused", "Upstream pages and events refused since start", sync::refused);
            metrics.gauge("edgeprov_sync_connected", "1 while connected to the upstream fleet broker",
                    () -> sync.connected() ? 1 : 0);
        });
        LOG.info("gateway {} started: {} ({}), health, metrics and CRL on http://{}:{}, certificates name the CRL at {},"
                + " CA {} (until {}), data in {}", config.gatewayId(), mqtt.name(), mqtt.health().detail(), config.http().bind(),
                health.port(), crlUrls,
                ca.getSubjectX500Principal().getName(), ca.getNotAfter().toInstant(), dataDir);
        coap.ifPresent(front -> LOG.info("gateway {}: CoAP over DTLS on {}", config.gatewayId(), front.address()));
        return new Running(registry, authority, core, mqtt, coap, health);
    }

    private GatewayPart embeddedMqtt(GatewayCore core, CertificateAuthority authority, List<X509Certificate> caChain,
            DeviceRequestHandler requests, GatewayExecutors executors) throws GatewayStartException {
        ServerCredential server = issueServerCertificate(authority, config.mqtt().bind());
        EmbeddedMqttFront front = EmbeddedMqttFront.builder()
                .config(new BrokerConfig(config.mqtt().bind(), config.mqtt().port(), server.chain(), server.key(),
                        caChain.get(0), config.dataDir().resolve(BROKER_FOLDER), BrokerConfig.DEFAULT_REQUEST_TIMEOUT,
                        BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(core.connectPolicy)
                .requestHandler(requests)
                .requestExecutor(executors.requests)
                .sourceAdmission(core.sources)
                .unauthorizedAttempts(attempts)
                .random(random)
                .caChain(caChain)
                .currentCrl(core.revocation::latestCrl)
                .unenrolledLimits(new UnenrolledLimits(config.rateLimits().unenrolledConnectionsPerSource(),
                        config.rateLimits().unenrolledConnectionsTotal()))
                .build();
        core.revocation.addListener(front);
        // HiveMQ refuses untrusted and expired client certificates in its TLS layer and tells only its DEBUG log.
        started.push(new Closer("TLS refusal report", TlsRefusalReport.attach(attempts, System::nanoTime)));
        return front;
    }

    private GatewayPart externalMqtt(GatewayCore core, SqliteRegistry registry, CertificateAuthority authority,
            DeviceRequestHandler requests, GatewayExecutors executors) {
        GatewayConfig.Mqtt mqtt = config.mqtt();
        ExternalMqttSettings settings = new ExternalMqttSettings(config.gatewayId(), mqtt.externalHost(),
                mqtt.externalPort(), mqtt.mosquitto().enrollPort(),
                mqtt.mosquitto().folder().orElse(config.dataDir().resolve(MOSQUITTO_FOLDER)), mqtt.mosquitto().pidFile(),
                mqtt.mosquitto().user(), config.rateLimits().unenrolledConnectionsTotal());
        ExternalMqttFront front = new ExternalMqttFront(settings, authority, core.revocation::latestCrl, requests,
                registry.certificates(), clock, executors.requests, random, externalBrokerWait, attempts);
        core.revocation.addListener(front);
        return front;
    }

    private ServerCredential issueServerCertificate(CertificateAuthority authority, String host) throws GatewayStartException {
        try {
            return ServerCertificates.issue(authority, config.gatewayId(), host, ServerCertificates.DEFAULT_LIFETIME, random);
        } catch (PartStartException e) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY, e.getMessage(), e);
        }
    }

    private void startPart(GatewayPart part) throws GatewayStartException {
        try {
            part.start();
        } catch (PartStartException e) {
            part.stop();
            throw new GatewayStartException(failureOf(part), "cannot start " + part.name() + ": " + e.getMessage(), e);
        }
        started.push(new Closer(part.name(), part::stop));
    }

    private StartFailure failureOf(GatewayPart part) {
        if (part instanceof ExternalMqttFront) {
            return StartFailure.EXTERNAL_BROKER;
        }
        if (part instanceof EmbeddedMqttFront) {
            return StartFailure.BROKER;
        }
        if (part instanceof CoapFront) {
            return StartFailure.COAP;
        }
        return StartFailure.LIFECYCLE;
    }

    private Map<String, Supplier<PartHealth>> healthChecks(SqliteRegistry registry, X509Certificate ca, List<GatewayPart> parts) {
        Map<String, Supplier<PartHealth>> checks = new LinkedHashMap<>();
        checks.put("registry", () -> {
            registry.certificates().findBySerial("0");
            return PartHealth.up(registry.queuedWrites() + " writes queued");
        });
        checks.put("caCertificate", () -> ca.getNotAfter().toInstant().isAfter(clock.instant().plus(caExpiryMargin))
                ? PartHealth.up("valid until " + ca.getNotAfter().toInstant())
                : PartHealth.down("expires at " + ca.getNotAfter().toInstant() + ", within " + caExpiryMargin));
        for (GatewayPart part : parts) {
            checks.put(part.name(), part::health);
        }
        return checks;
    }

    /**
     * Where devices connect: the bound address (the real port when the configuration said 0), or in
     * external mode Mosquitto's mTLS listener as configured (left unresolved).
     */
    public InetSocketAddress mqttAddress() {
        GatewayPart mqtt = running().mqtt();
        if (mqtt instanceof EmbeddedMqttFront embedded) {
            return embedded.listenerAddress();
        }
        return InetSocketAddress.createUnresolved(config.mqtt().externalHost(), config.mqtt().externalPort());
    }

    /** External mode: the folder holding the Mosquitto files the gateway wrote. */
    public Path mosquittoFolder() {
        if (running().mqtt() instanceof ExternalMqttFront external) {
            return external.folder();
        }
        throw new IllegalStateException("the gateway runs the embedded broker, not the Mosquitto front end");
    }

    /** Where CoAP devices connect (DTLS over UDP): the bound address; empty when {@code coap.enabled} is false. */
    public Optional<InetSocketAddress> coapAddress() {
        return running().coap().map(CoapFront::address);
    }

    /** The bound CoAP (DTLS) port; throws when CoAP is off. */
    public int coapPort() {
        return coapAddress().orElseThrow(() -> new IllegalStateException("this gateway runs without CoAP (coap.enabled: false)"))
                .getPort();
    }

    /** The bound port of {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return running().health().port();
    }

    /** The registry, for the operator paths that run inside the gateway (and for tests). */
    public SqliteRegistry registry() {
        return running().registry();
    }

    /** The certificate authority, to issue device certificates. */
    public CertificateAuthority certificateAuthority() {
        return running().authority();
    }

    /** Revocation with the running front ends attached: disconnects, notices and the retained CRL follow. */
    public RevocationService revocation() {
        return running().core().revocation;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    private Running running() {
        synchronized (lock) {
            if (state != State.RUNNING || running.isEmpty()) {
                throw new IllegalStateException("the gateway is not running");
            }
            return running.get();
        }
    }

    /** Stops everything in reverse start order; safe to call twice. */
    public void stop() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                stopEverything();
                LOG.info("gateway {} stopped", config.gatewayId());
            }
            state = State.STOPPED;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopEverything() {
        running = Optional.empty();
        while (!started.isEmpty()) {
            Closer closer = started.pop();
            try {
                closer.resource().close();
            } catch (Exception e) {
                LOG.warn("stopping the {} failed: {}", closer.name(), e.toString());
            }
        }
    }

    @Override
    public String toString() {
        synchronized (lock) {
            return "GatewayApplication[" + config.gatewayId() + ", " + state + "]";
        }
    }

    /** Builds a {@link GatewayApplication}; only the configuration is required. */
    public static final class Builder {
        private GatewayConfig config;
        private Clock clock = Clock.systemUTC();
        private Function<String, String> environment = System::getenv;
        private Duration caExpiryMargin = Duration.ofDays(30);
        private Duration crlRefresh = Duration.ofHours(1);
        private int requestThreads = 4;
        private int requestQueue = 1_000;
        private Duration externalBrokerWait = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder config(GatewayConfig config) {
            this.config = config;
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = clock;
            return this;
        }

        /** Looks up environment variables named by {@code passphraseEnv} / {@code pinEnv}. */
        public Builder environment(Function<String, String> environment) {
            this.environment = environment;
            return this;
        }

        /** /health reports DOWN once the CA certificate expires within this margin (30 days by default). */
        public Builder caExpiryMargin(Duration margin) {
            this.caExpiryMargin = margin;
            return this;
        }

        /** How often the CRL is rebuilt, picking up revocations made by offline {@code revoke} (1 h by default). */
        public Builder crlRefresh(Duration every) {
            this.crlRefresh = every;
            return this;
        }

        /** Threads and queue length of the bounded executor that answers device requests. */
        public Builder requestExecutor(int threads, int queueLength) {
            this.requestThreads = threads;
            this.requestQueue = queueLength;
            return this;
        }

        /** External mode: how long start waits for Mosquitto to accept the gateway (30 s by default). */
        public Builder externalBrokerWait(Duration wait) {
            this.externalBrokerWait = wait;
            return this;
        }

        public GatewayApplication build() {
            if (config == null) {
                throw new IllegalStateException("GatewayApplication needs a GatewayConfig");
            }
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(environment, "environment");
            if (caExpiryMargin == null || caExpiryMargin.isNegative()) {
                throw new IllegalStateException("caExpiryMargin must be zero or positive");
            }
            if (crlRefresh == null || crlRefresh.compareTo(Duration.ofSeconds(1)) < 0
                    || crlRefresh.compareTo(RevocationService.DEFAULT_CRL_VALIDITY) >= 0) {
                throw new IllegalStateException("crlRefresh must be at least 1 s and shorter than the CRL validity ("
                        + RevocationService.DEFAULT_CRL_VALIDITY + ")");
            }
            if (requestThreads < 1 || requestThreads > 256 || requestQueue < 1 || requestQueue > 1_000_000) {
                throw new IllegalStateException("request executor needs 1..256 threads and a queue of 1..1000000");
            }
            if (externalBrokerWait == null || externalBrokerWait.isNegative() || externalBrokerWait.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalStateException("externalBrokerWait must be from zero to one hour");
            }
            return new GatewayApplication(this);
        }
    }
}
