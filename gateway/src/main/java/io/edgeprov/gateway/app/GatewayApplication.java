package io.edgeprov.gateway.app;

import io.edgeprov.gateway.broker.BrokerConfig;
import io.edgeprov.gateway.broker.BrokerException;
import io.edgeprov.gateway.broker.EmbeddedBroker;
import io.edgeprov.gateway.config.GatewayConfig;
import io.edgeprov.gateway.identity.BrokerTopics;
import io.edgeprov.gateway.identity.ClientCertificatePolicy;
import io.edgeprov.gateway.identity.DeviceRequestHandler;
import io.edgeprov.gateway.identity.UnauthorizedAttempts;
import io.edgeprov.gateway.identity.UnauthorizedKind;
import io.edgeprov.gateway.policy.RateLimiter;
import io.edgeprov.gateway.observability.GatewayMetrics;
import io.edgeprov.gateway.observability.HealthEndpoint;
import io.edgeprov.gateway.registry.RegistryException;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistryConfig;
import io.edgeprov.gateway.revocation.CrlFiles;
import io.edgeprov.gateway.revocation.CrlNumberFile;
import io.edgeprov.gateway.revocation.RevocationException;
import io.edgeprov.gateway.revocation.RevocationService;
import io.edgeprov.gateway.transport.mqtt.ServerCredential;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.PkiException;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.crl.SignedCrl;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.CaKeyStoreException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import io.edgeprov.pki.EllipticCurveProvider;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running gateway, assembled from a validated {@link GatewayConfig}.
 *
 * <p>{@link #start()} opens, in order: the gateway's executors, the SQLite registry in the data
 * folder, the CA key store, the certificate authority, the first CRL (files in the data folder),
 * a fresh TLS server certificate for the broker, the embedded broker (whose connect check reads
 * revocations from the registry), the retained CA chain and CRL, the health endpoint with its
 * gauges, a periodic CRL rebuild and a periodic purge of long-expired challenges. In external
 * mode ({@code mqtt.mode: external}) the broker steps are
 * replaced: the first CRL, Mosquitto's files (see {@link MosquittoFront}), and the bridge that
 * answers device requests through the running Mosquitto. {@link #stop()} closes them in reverse order, and a failed start closes
 * whatever it had opened before it throws. An instance starts once.
 */
public final class GatewayApplication implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayApplication.class);
    static final String REGISTRY_FILE = "registry.db";
    /** Source addresses tracked for rate limits; bounded because addresses come from the network. */
    private static final int SOURCE_ADDRESSES_TRACKED = 100_000;
    /** How often the gateway looks for revocations the CLI wrote beside it, to cut those devices off. */
    private static final Duration REVOCATION_WATCH = Duration.ofSeconds(5);
    static final String CRL_NUMBER_FILE = "crl-number";

    private enum State { NEW, RUNNING, STOPPED }

    private final GatewayConfig config;
    private final Clock clock;
    private final RequestHandlerFactory handlerFactory;
    private final Function<String, String> environment;
    private final Duration caExpiryMargin;
    private final Duration crlRefresh;
    private final Duration serverCertificateLifetime;
    private final int requestThreads;
    private final int requestQueue;
    private final Duration externalBrokerWait;
    private final SecureRandom random = new SecureRandom();
    private final GatewayMetrics metrics = new GatewayMetrics();
    private final UnauthorizedAttempts attempts = metrics::unauthorizedAttempt;
    private final Deque<Closer> started = new ArrayDeque<>();
    private final Object lock = new Object();

    private State state = State.NEW;
    private Optional<SqliteRegistry> registry = Optional.empty();
    private Optional<CertificateAuthority> authority = Optional.empty();
    private Optional<RevocationService> revocation = Optional.empty();
    private Optional<EmbeddedBroker> broker = Optional.empty();
    private Optional<MosquittoFront> mosquitto = Optional.empty();
    private Optional<HealthEndpoint> health = Optional.empty();
    private Optional<X509Certificate> caCertificate = Optional.empty();

    /** Something started, with what it is called in a log line if stopping it fails. */
    private record Closer(String name, AutoCloseable resource) {
    }

    private GatewayApplication(Builder builder) {
        this.config = builder.config;
        this.clock = builder.clock;
        this.handlerFactory = builder.handlerFactory;
        this.environment = builder.environment;
        this.caExpiryMargin = builder.caExpiryMargin;
        this.crlRefresh = builder.crlRefresh;
        this.serverCertificateLifetime = builder.serverCertificateLifetime;
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
                startParts();
            } catch (GatewayStartException e) {
                stopParts();
                state = State.STOPPED;
                throw e;
            } catch (RuntimeException e) {
                stopParts();
                state = State.STOPPED;
                throw new GatewayStartException(StartFailure.LIFECYCLE, "unexpected failure while starting: " + e, e);
            }
        }
    }

    private void startParts() throws GatewayStartException {
        // TLS handshakes are most of the broker's CPU; native or BouncyCastle curves make them several times cheaper than SunEC
        LOG.info("curve arithmetic for TLS: {}", EllipticCurveProvider.installFirst().getInfo());
        Path dataDir = config.dataDir();
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new GatewayStartException(StartFailure.DATA_DIR, "cannot create the data folder " + dataDir + ": " + e, e);
        }
        ThreadPoolExecutor requests = new ThreadPoolExecutor(requestThreads, requestThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(requestQueue), threads("gateway-request"), new ThreadPoolExecutor.CallerRunsPolicy());
        started.push(new Closer("request executor", () -> shutDown(requests)));
        ThreadPoolExecutor completions = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                threads("registry-completion"), new ThreadPoolExecutor.CallerRunsPolicy());
        started.push(new Closer("registry completion executor", () -> shutDown(completions)));
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(threads("gateway-upkeep"));
        started.push(new Closer("upkeep scheduler (CRL, challenge purge)", () -> shutDown(scheduler)));

        SqliteRegistry openRegistry;
        try {
            openRegistry = SqliteRegistry.open(SqliteRegistryConfig.defaults(dataDir.resolve(REGISTRY_FILE)), clock, completions);
        } catch (RegistryException e) {
            throw new GatewayStartException(StartFailure.REGISTRY, e.getMessage(), e);
        }
        started.push(new Closer("registry", openRegistry));
        registry = Optional.of(openRegistry);

        CaKeyStore keyStore;
        try {
            keyStore = CaKeyStores.open(config.caKey(), environment);
        } catch (CaKeyStoreException | IllegalArgumentException e) {
            throw new GatewayStartException(StartFailure.CA_KEY_STORE, "cannot open the CA key store: " + e.getMessage(), e);
        }
        started.push(new Closer("CA key store", keyStore));
        X509Certificate ca = keyStore.certificate();
        caCertificate = Optional.of(ca);
        FleetNaming naming = new FleetNaming(config.fleet().organization(), config.fleet().trustDomain());
        CertificateAuthority openAuthority;
        CrlBuilder crlBuilder;
        try {
            openAuthority = CertificateAuthority.builder()
                    .keyStore(keyStore)
                    .profile(new DeviceCertificateProfile(naming, config.certificates().lifetime(),
                            config.certificates().allowedKeys(), config.certificates().crlUrls()))
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
        authority = Optional.of(openAuthority);

        DeviceRequestHandler handler = handlerFactory.create(new GatewayParts(config, openRegistry, openAuthority, metrics,
                clock, requests));
        RevocationService service;
        String mqttFront;
        if (config.mqtt().mode() == GatewayConfig.Mqtt.Mode.EXTERNAL) {
            service = startExternal(openAuthority, crlBuilder, handler, requests);
            mqttFront = "Mosquitto at " + config.mqtt().externalHost() + ":" + config.mqtt().externalPort() + " (files in "
                    + mosquitto.map(MosquittoFront::folder).map(Path::toString).orElse("?") + ")";
        } else {
            service = startEmbedded(keyStore, openAuthority, crlBuilder, naming, handler, requests);
            mqttFront = "MQTT TLS on " + broker.map(EmbeddedBroker::listenerAddress).map(Object::toString).orElse("?");
        }

        try {
            HealthEndpoint endpoint = HealthEndpoint.start(config.http().bind(), config.http().port(), metrics, healthChecks());
            started.push(new Closer("health endpoint", endpoint));
            health = Optional.of(endpoint);
        } catch (IOException | RuntimeException e) {
            throw new GatewayStartException(StartFailure.HEALTH_ENDPOINT, "cannot serve /health on " + config.http().bind()
                    + ":" + config.http().port() + ": " + e, e);
        }
        metrics.gauge("edgeprov_ca_seconds_to_expiry", "Seconds until the gateway CA certificate expires",
                () -> Duration.between(clock.instant(), ca.getNotAfter().toInstant()).toSeconds());
        metrics.gauge("edgeprov_crl_age_seconds", "Seconds since the current CRL was signed",
                () -> service.latestCrl().map(crl -> Duration.between(crl.thisUpdate(), clock.instant()).toSeconds()).orElse(-1L));
        RegistryGauges.register(metrics, openRegistry.challenges(), openRegistry.certificates(), clock, System::nanoTime);
        long period = crlRefresh.toMillis();
        scheduler.scheduleAtFixedRate(this::refreshCrl, period, period, TimeUnit.MILLISECONDS);
        long watch = REVOCATION_WATCH.toMillis();
        scheduler.scheduleWithFixedDelay(this::pickUpRevocations, watch, watch, TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(new ChallengePurge(openRegistry.challenges(), clock), 0,
                ChallengePurge.EVERY.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("gateway {} started: {}, health and metrics on http://{}:{}, CA {} (until {}), data in {}",
                config.gatewayId(), mqttFront, config.http().bind(), health.get().port(),
                ca.getSubjectX500Principal().getName(), ca.getNotAfter().toInstant(), dataDir);
    }

    private RevocationService startEmbedded(CaKeyStore keyStore, CertificateAuthority openAuthority, CrlBuilder crlBuilder,
            FleetNaming naming, DeviceRequestHandler handler, ThreadPoolExecutor requests) throws GatewayStartException {
        Path dataDir = config.dataDir();
        X509Certificate ca = keyStore.certificate();
        KeyPair serverKey = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), random);
        List<X509Certificate> serverChain = serverChain(openAuthority, serverKey, config.mqtt().bind());
        EmbeddedBroker newBroker = EmbeddedBroker.builder()
                .config(new BrokerConfig(config.mqtt().bind(), config.mqtt().port(), serverChain, serverKey.getPrivate(), ca,
                        dataDir.resolve("broker"), BrokerConfig.DEFAULT_REQUEST_TIMEOUT, BrokerConfig.DEFAULT_LIFECYCLE_TIMEOUT))
                .certificatePolicy(new ClientCertificatePolicy(ca, naming,
                        new RegistryRevocationStatus(registry.orElseThrow().certificates()), clock))
                .requestHandler(handler)
                .requestExecutor(requests)
                .sourceAdmission(new RateLimiter(config.rateLimits().perSourcePerMinute(), SOURCE_ADDRESSES_TRACKED, clock)::tryAcquire)
                .unauthorizedAttempts(attempts)
                .random(random)
                .build();
        RevocationService service = new RevocationService(registry.orElseThrow().certificates(),
                registry.orElseThrow().devices(), crlBuilder, new CrlNumberFile(dataDir.resolve(CRL_NUMBER_FILE)),
                new CrlFiles(dataDir), new BrokerRevocationListener(newBroker), clock, RevocationService.DEFAULT_CRL_VALIDITY);
        revocation = Optional.of(service);

        try {
            newBroker.start();
        } catch (BrokerException e) {
            throw new GatewayStartException(StartFailure.BROKER, e.getMessage(), e);
        }
        started.push(new Closer("MQTT broker", newBroker));
        broker = Optional.of(newBroker);
        try {
            newBroker.publishRetained(BrokerTopics.CA_CERTS, CaCertificates.pkcs7CertsOnly(keyStore.certificateChain()));
            service.rebuildCrl();
        } catch (CertificateException | RevocationException e) {
            throw new GatewayStartException(StartFailure.CRL, "cannot publish the CA chain and first CRL: " + e.getMessage(), e);
        }
        return service;
    }

    /**
     * External mode: the first CRL is signed before Mosquitto's files can be written (they need it),
     * so the revocation listener gets the bridge only once the bridge is connected.
     */
    private RevocationService startExternal(CertificateAuthority openAuthority, CrlBuilder crlBuilder,
            DeviceRequestHandler handler, ThreadPoolExecutor requests) throws GatewayStartException {
        Path dataDir = config.dataDir();
        MosquittoRevocationListener listener = new MosquittoRevocationListener();
        RevocationService service = new RevocationService(registry.orElseThrow().certificates(),
                registry.orElseThrow().devices(), crlBuilder, new CrlNumberFile(dataDir.resolve(CRL_NUMBER_FILE)),
                new CrlFiles(dataDir), listener, clock, RevocationService.DEFAULT_CRL_VALIDITY);
        revocation = Optional.of(service);
        SignedCrl firstCrl;
        try {
            firstCrl = service.rebuildCrl();
        } catch (RevocationException e) {
            throw new GatewayStartException(StartFailure.CRL, "cannot sign the first CRL: " + e.getMessage(), e);
        }
        KeyPair serverKey = KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), random);
        ServerCredential server = new ServerCredential(serverKey.getPrivate(),
                serverChain(openAuthority, serverKey, config.mqtt().externalHost()));
        DeviceRequestHandler resolving = new GatewayIdGuard(
                new CurrentCertificateIdentity(handler, registry.orElseThrow().certificates(), clock), config.gatewayId(),
                attempts);
        MosquittoFront.Parts parts = new MosquittoFront.Parts(config, openAuthority, server, firstCrl, resolving, requests,
                random, externalBrokerWait, attempts);
        MosquittoFront front = MosquittoFront.writeFiles(parts);
        started.push(new Closer("Mosquitto bridge", () -> {
            listener.detach();
            front.close();
        }));
        mosquitto = Optional.of(front);
        listener.attach(front.connect(parts));
        return service;
    }

    private List<X509Certificate> serverChain(CertificateAuthority ca, KeyPair serverKey, String bind)
            throws GatewayStartException {
        List<String> dnsNames = new ArrayList<>(List.of("localhost"));
        List<InetAddress> addresses = new ArrayList<>(List.of(InetAddress.getLoopbackAddress()));
        if (isIpLiteral(bind)) {
            InetAddress address = literal(bind);
            if (!address.isAnyLocalAddress() && !addresses.contains(address)) {
                addresses.add(address);
            }
        } else if (!dnsNames.contains(bind)) {
            dnsNames.add(bind);
        }
        try {
            IssuedCertificate issued = ca.issueServer(config.gatewayId(), serverKey.getPublic(), dnsNames, addresses,
                    serverCertificateLifetime);
            List<X509Certificate> chain = new ArrayList<>();
            chain.add(issued.toX509());
            chain.addAll(ca.chain());
            return chain;
        } catch (PkiException | CertificateException | IllegalArgumentException e) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY,
                    "cannot issue the broker's TLS server certificate: " + e.getMessage(), e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.matches("[0-9.]+") || host.contains(":");
    }

    private static InetAddress literal(String ip) throws GatewayStartException {
        try {
            // A literal is parsed, never resolved, so this does no DNS lookup.
            return InetAddress.getByName(ip);
        } catch (java.net.UnknownHostException e) {
            throw new GatewayStartException(StartFailure.CERTIFICATE_AUTHORITY, "'" + ip + "' is not an IP address", e);
        }
    }

    private Map<String, java.util.function.BooleanSupplier> healthChecks() {
        Map<String, java.util.function.BooleanSupplier> checks = new LinkedHashMap<>();
        checks.put("registry", () -> registry.map(r -> {
            r.certificates().findBySerial("0");
            return r.queuedWrites() >= 0;
        }).orElse(false));
        checks.put("broker", () -> broker.map(b -> b.listenerAddress().getPort() > 0)
                .or(() -> mosquitto.map(MosquittoFront::isConnected)).orElse(false));
        checks.put("caCertificate", () -> caCertificate
                .map(c -> c.getNotAfter().toInstant().isAfter(clock.instant().plus(caExpiryMargin)))
                .orElse(false));
        return checks;
    }

    private void pickUpRevocations() {
        try {
            revocation.ifPresent(RevocationService::announceRevocationsMadeElsewhere);
        } catch (RuntimeException e) {
            LOG.warn("looking for revocations made outside the gateway failed, will retry: {}", e.getMessage());
        }
    }

    private void refreshCrl() {
        try {
            revocation.ifPresent(RevocationService::rebuildCrl);
        } catch (RuntimeException e) {
            LOG.warn("periodic CRL rebuild failed, the previous CRL stays published: {}", e.getMessage());
        }
    }

    /**
     * Where devices connect: the bound address (the real port when the configuration said 0), or in
     * external mode Mosquitto's mTLS listener as configured (left unresolved).
     */
    public InetSocketAddress mqttAddress() {
        synchronized (lock) {
            if (state == State.RUNNING && mosquitto.isPresent()) {
                return InetSocketAddress.createUnresolved(config.mqtt().externalHost(), config.mqtt().externalPort());
            }
        }
        return running(broker, "broker").listenerAddress();
    }

    /** External mode: the folder holding the Mosquitto files the gateway wrote. */
    public Path mosquittoFolder() {
        return running(mosquitto, "Mosquitto front end").folder();
    }

    /** The bound port of {@code /health} and {@code /metrics}. */
    public int httpPort() {
        return running(health, "health endpoint").port();
    }

    /** The registry, for the operator paths that run inside the gateway (and for tests). */
    public SqliteRegistry registry() {
        return running(registry, "registry");
    }

    /** The certificate authority, to issue device certificates. */
    public CertificateAuthority certificateAuthority() {
        return running(authority, "certificate authority");
    }

    /** Revocation with the running broker attached: disconnects, notices and the retained CRL follow. */
    public RevocationService revocation() {
        return running(revocation, "revocation service");
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    private <T> T running(Optional<T> part, String name) {
        synchronized (lock) {
            if (state != State.RUNNING) {
                throw new IllegalStateException("the gateway is not running, so its " + name + " is not available");
            }
            return part.orElseThrow(() -> new IllegalStateException("the " + name + " is not started"));
        }
    }

    /** Stops everything in reverse start order; safe to call twice. */
    public void stop() {
        synchronized (lock) {
            if (state == State.RUNNING) {
                stopParts();
                LOG.info("gateway {} stopped", config.gatewayId());
            }
            state = State.STOPPED;
        }
    }

    @Override
    public void close() {
        stop();
    }

    private void stopParts() {
        while (!started.isEmpty()) {
            Closer closer = started.pop();
            try {
                closer.resource().close();
            } catch (Exception e) {
                LOG.warn("stopping the {} failed: {}", closer.name(), e.toString());
            }
        }
        broker = Optional.empty();
        mosquitto = Optional.empty();
        health = Optional.empty();
        registry = Optional.empty();
        authority = Optional.empty();
        revocation = Optional.empty();
    }

    private static void shutDown(java.util.concurrent.ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private static java.util.concurrent.ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread thread = new Thread(body, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
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
        private RequestHandlerFactory handlerFactory = RequestHandlers.production();
        private Function<String, String> environment = System::getenv;
        private Duration caExpiryMargin = Duration.ofDays(30);
        private Duration crlRefresh = Duration.ofHours(1);
        private Duration serverCertificateLifetime = Duration.ofDays(30);
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

        /**
         * How device requests are answered; defaults to {@link RequestHandlers#production()}, the single
         * place where the enrollment handler is plugged in.
         */
        public Builder requestHandler(RequestHandlerFactory factory) {
            this.handlerFactory = factory;
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
            Objects.requireNonNull(handlerFactory, "requestHandler");
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
