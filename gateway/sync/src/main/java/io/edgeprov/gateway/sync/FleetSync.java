package io.edgeprov.gateway.sync;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.part.PartStartException;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.InboundOutcome;
import io.edgeprov.gateway.core.registry.InboundRevocation;
import io.edgeprov.gateway.core.registry.QueuedEvent;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.gateway.core.registry.RevocationEventId;
import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.core.registry.RevocationStore;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.pki.crl.SignedCrl;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Upstream fleet sync, both ways, over one MQTT 3.1.1 connection with a persistent session (clean
 * session off, a client id stable per gateway):
 * <ul>
 *   <li>up: a relay thread publishes the outbox in pages of up to 500 events, one page in flight, at QoS 1,
 *       and marks them delivered only once the broker acknowledged them; woken at once by a local
 *       revocation, and every second. Upstream away: events wait in the outbox on disk.</li>
 *   <li>down: pages from {@code fleet/v1/+/events} are opened ({@link FleetPages}: chain to the fleet root,
 *       signature, origin, authority), and each event is recorded and enforced by the core in the
 *       callback, before the broker's QoS 1 acknowledgement: a gateway killed mid-page gets the page again.
 *       A refused page is audited and acknowledged (redelivering a forgery helps no one).</li>
 * </ul>
 */
public final class FleetSync implements GatewayPart, RevocationListener {
    private static final Logger LOG = LoggerFactory.getLogger(FleetSync.class);
    private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration IDLE_LOOK = Duration.ofSeconds(1);

    private final GatewayIdentity identity;
    private final UpstreamSettings settings;
    private final FleetPages pages;
    private final RevocationService revocation;
    private final RevocationStore store;
    private final RegistryCommands commands;
    private final AuditLog audit;
    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong applied = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private volatile boolean running;
    private volatile boolean woken;
    private volatile String lastProblem = "not connected yet";
    private volatile Instant lastContact;
    private Thread relay;
    private MqttClient client;

    public FleetSync(GatewayIdentity identity, UpstreamSettings settings, FleetPages pages, RevocationService revocation,
            RevocationStore store, RegistryCommands commands, AuditLog audit, Clock clock) {
        this.identity = Objects.requireNonNull(identity, "identity");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.pages = Objects.requireNonNull(pages, "pages");
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.store = Objects.requireNonNull(store, "store");
        this.commands = Objects.requireNonNull(commands, "commands");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "upstream";
    }

    @Override
    public synchronized void start() throws PartStartException {
        try {
            client = new MqttClient(settings.serverUris().get(0).toString(), clientId(), new MemoryPersistence());
        } catch (MqttException e) {
            throw new PartStartException("upstream: cannot create the MQTT client: " + e.getMessage(), e);
        }
        client.setCallback(new Callback());
        running = true;
        relay = new Thread(this::relayLoop, "upstream-relay");
        relay.setDaemon(true);
        relay.start();
        revocation.addListener(this);
    }

    /** The identity's private key, for the composition root's TLS client context and nothing else. */
    public static java.security.PrivateKey tlsKey(GatewayIdentity identity) {
        return identity.key();
    }

    /** The persistent session's client id: the same on every start, so the broker keeps what arrived meanwhile. */
    String clientId() {
        return "edgeprov-sync-" + identity.gatewayId();
    }

    @Override
    public PartHealth health() {
        MqttClient current = client;
        int depth = store.outboxDepth();
        // Upstream away does not make the gateway unhealthy: devices are served, events wait on disk.
        if (current != null && current.isConnected()) {
            return PartHealth.up("connected to " + current.getCurrentServerURI() + ", " + depth + " event(s) waiting");
        }
        return PartHealth.up("upstream away (" + lastProblem + "), " + depth + " event(s) waiting on disk");
    }

    @Override
    public synchronized void stop() {
        running = false;
        signal();
        if (relay != null) {
            try {
                relay.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect(1000);
                }
            } catch (MqttException e) {
                LOG.debug("upstream disconnect: {}", e.getMessage());
            }
            try {
                client.close(true);
            } catch (MqttException e) {
                LOG.debug("upstream close: {}", e.getMessage());
            }
        }
    }

    @Override
    public void crlPublished(SignedCrl crl) {
        // Nothing to send: each gateway builds its own CRL from the decisions it holds.
    }

    @Override
    public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        signal();
    }

    /** Events waiting for upstream. */
    public int outboxDepth() {
        return store.outboxDepth();
    }

    /** How long the oldest waiting event has waited, in milliseconds (0 when none waits). */
    public long syncLagMillis() {
        return store.oldestPending().map(t -> Math.max(0, Duration.between(t, clock.instant()).toMillis())).orElse(0L);
    }

    /** Events published upstream since start. */
    public long published() {
        return published.get();
    }

    /** Events from other gateways recorded here since start. */
    public long applied() {
        return applied.get();
    }

    /** Pages and events refused since start. */
    public long refused() {
        return refused.get();
    }

    /** Whether the upstream connection is up now. */
    public boolean connected() {
        MqttClient current = client;
        return current != null && current.isConnected();
    }

    private void signal() {
        lock.lock();
        try {
            woken = true;
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void relayLoop() {
        Duration backoff = Duration.ofMillis(250);
        while (running) {
            try {
                if (!client.isConnected()) {
                    connect();
                    backoff = Duration.ofMillis(250);
                }
                if (publishOnePage()) {
                    continue;
                }
                await(IDLE_LOOK);
            } catch (MqttException e) {
                lastProblem = e.getMessage() + (e.getCause() == null ? "" : " (" + e.getCause().getClass().getSimpleName() + ")");
                LOG.debug("upstream: {}", lastProblem);
                await(backoff);
                backoff = backoff.multipliedBy(2).compareTo(settings.retry()) > 0 ? settings.retry() : backoff.multipliedBy(2);
            } catch (RuntimeException e) {
                lastProblem = e.getClass().getSimpleName() + ": " + e.getMessage();
                LOG.warn("upstream relay: {}", lastProblem);
                await(settings.retry());
            }
        }
    }

    private void connect() throws MqttException {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(false);
        options.setAutomaticReconnect(false);
        options.setKeepAliveInterval(10);
        options.setConnectionTimeout(5);
        options.setMaxInflight(10);
        options.setServerURIs(settings.serverUris().stream().map(URI::toString).toArray(String[]::new));
        settings.tls().ifPresent(options::setSocketFactory);
        settings.username().ifPresent(options::setUserName);
        settings.password().ifPresent(options::setPassword);
        client.connect(options);
        client.subscribe(FleetTopics.ALL_EVENTS, 1);
        lastContact = clock.instant();
        lastProblem = "none";
        LOG.info("upstream: connected to {} as {}, {} event(s) waiting", client.getCurrentServerURI(), clientId(),
                store.outboxDepth());
    }

    /** Publishes the oldest page, if any; true when a full page went, so the next follows at once. */
    private boolean publishOnePage() throws MqttException {
        List<QueuedEvent> queued = store.pendingPage(FleetEventPage.MAX_EVENTS);
        if (queued.isEmpty()) {
            return false;
        }
        List<FleetEvent> events = new ArrayList<>(queued.size());
        List<RevocationEventId> ids = new ArrayList<>(queued.size());
        for (QueuedEvent event : queued) {
            RevocationRecord local = event.revocation();
            RevocationRecord asSent = new RevocationRecord(local.eventId(), local.deviceId(), local.reason(), local.revokedAt(),
                    local.actor(), new RevocationOrigin.Gateway(identity.gatewayId()), local.note());
            events.add(new FleetEvent(event.sequence(), asSent, event.event().serials()));
            ids.add(local.eventId());
        }
        byte[] envelope = pages.seal(new FleetEventPage(identity.gatewayId(), events), identity);
        MqttMessage message = new MqttMessage(envelope);
        message.setQos(1);
        message.setRetained(false);
        IMqttDeliveryToken token = client.getTopic(FleetTopics.eventsOf(identity.gatewayId())).publish(message);
        token.waitForCompletion(PUBLISH_TIMEOUT.toMillis());
        commands.markDelivered(ids, clock.instant().truncatedTo(ChronoUnit.MILLIS)).join();
        published.addAndGet(ids.size());
        lastContact = clock.instant();
        LOG.debug("upstream: published {} event(s), sequence {} to {}", ids.size(), events.get(0).sequence(),
                events.get(events.size() - 1).sequence());
        return queued.size() == FleetEventPage.MAX_EVENTS;
    }

    private void await(Duration timeout) {
        lock.lock();
        try {
            long nanos = timeout.toNanos();
            while (!woken && running && nanos > 0) {
                nanos = wake.awaitNanos(nanos);
            }
            woken = false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        } finally {
            lock.unlock();
        }
    }

    /** Handles one page from upstream; package-private so tests can feed pages without a broker. */
    void receive(String topic, byte[] payload) {
        String claimed = FleetTopics.originOf(topic).orElse("unknown");
        FleetPages.OpenedPage opened;
        try {
            opened = pages.open(payload);
        } catch (FleetEventException e) {
            refuse(claimed, e.refusal(), e.getMessage());
            return;
        }
        String origin = opened.origin().gatewayId();
        if (origin.equals(identity.gatewayId())) {
            return;
        }
        if (!origin.equals(claimed)) {
            refuse(claimed, FleetEventRefusal.UNKNOWN_ORIGIN, "a page signed by gateway " + origin + " arrived on the topic of "
                    + claimed);
            return;
        }
        for (FleetEvent event : opened.page().events()) {
            InboundOutcome outcome = revocation.recordFleetRevocation(new InboundRevocation(event.revocation(), event.sequence()));
            if (outcome instanceof InboundOutcome.Applied) {
                applied.incrementAndGet();
            } else if (outcome instanceof InboundOutcome.AlreadyRecorded) {
                duplicates.incrementAndGet();
            } else if (outcome instanceof InboundOutcome.Conflicting conflicting) {
                refuse(origin, FleetEventRefusal.CONFLICTING_REPLAY, "event " + conflicting.eventId() + " (seq "
                        + event.sequence() + ") differs from the one on record in: " + conflicting.difference());
            }
        }
        lastContact = clock.instant();
    }

    private void refuse(String origin, FleetEventRefusal refusal, String why) {
        refused.incrementAndGet();
        String detail = why.length() > 300 ? why.substring(0, 300) + "..." : why;
        LOG.warn("upstream: refused a page from {}: {} ({})", origin, refusal, detail);
        AuditEvent event = AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), "upstream:" + origin,
                "fleet.event.refuse", origin, AuditOutcome.DENIED, refusal.name()).withDetail("why", detail);
        audit.append(event).join();
    }

    private final class Callback implements MqttCallbackExtended {
        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            signal();
        }

        @Override
        public void connectionLost(Throwable cause) {
            lastProblem = "connection lost: " + (cause == null ? "unknown" : cause.getClass().getSimpleName());
            LOG.info("upstream: {}; events wait on disk until it is back", lastProblem);
            signal();
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Returning normally acknowledges the page; a registry failure throws, the client drops the
            // connection unacknowledged and the broker redelivers on the next session.
            receive(topic, message.getPayload());
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // The relay waits on its token.
        }
    }
}
