package io.edgeprov.sim.device;

import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A broker in memory between one device and a {@link FakeGateway}: replies reach the device only
 * on topics it subscribed to, on the publishing thread. Tests can refuse connects and drop the link.
 */
public final class InMemoryTransport implements DeviceTransport {
    private final FakeGateway gateway;
    private volatile Listener listener;
    private volatile boolean connected;
    private volatile Optional<X509Certificate> presented = Optional.empty();
    private final Set<String> subscriptions = ConcurrentHashMap.newKeySet();
    private final AtomicInteger connectsToRefuse = new AtomicInteger();
    /** Every connect from now on is refused with this, when set. */
    private volatile Optional<TransportFailure> refusedFromNowOn = Optional.empty();
    /** Whether each connect presented a certificate, in order. */
    final List<Boolean> connects = new CopyOnWriteArrayList<>();
    final List<String> published = new CopyOnWriteArrayList<>();
    /** One entry per {@link #disconnect} call, for tests that wait for the device to hang up. */
    final java.util.concurrent.BlockingQueue<Boolean> disconnects = new java.util.concurrent.LinkedBlockingQueue<>();

    public InMemoryTransport(FakeGateway gateway) {
        this.gateway = gateway;
    }

    private volatile boolean swallowReplies;

    /** The gateway's replies are lost from now on. */
    void swallowReplies() {
        swallowReplies = true;
    }

    private final java.util.Queue<FakeGateway.Outgoing> beforeNextReply = new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** Delivers {@code payload} on {@code topic} just before the gateway's next reply, as a late reply to an old request would arrive. */
    void injectBeforeNextReply(String topic, byte[] payload) {
        beforeNextReply.add(new FakeGateway.Outgoing(topic, payload));
    }

    /** The broker delivers a gateway message to the device now, as a notice would arrive. */
    void deliver(String topic, byte[] payload) {
        listener.messageArrived(topic, payload);
    }

    void refuseNextConnects(int count) {
        connectsToRefuse.set(count);
    }

    /** Every connect from now on is refused as Banned, as the gateway refuses a revoked certificate. */
    void banFromNowOn() {
        refuseFromNowOn(TransportFailure.BANNED);
    }

    /** Every connect from now on fails with {@code failure}. */
    void refuseFromNowOn(TransportFailure failure) {
        refusedFromNowOn = Optional.of(failure);
    }

    /** The broker drops the connection, as on a network failure. */
    void drop() {
        connected = false;
        subscriptions.clear();
        listener.connectionLost("dropped by the test");
    }

    @Override
    public void listener(Listener listener) {
        this.listener = listener;
    }

    @Override
    public void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
        connected = false;
        subscriptions.clear();
        Optional<TransportFailure> refusal = refusedFromNowOn;
        if (refusal.isPresent()) {
            connects.add(credential.isPresent());
            throw new TransportException(refusal.get(), "refused by the test with " + refusal.get());
        }
        if (connectsToRefuse.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            connects.add(credential.isPresent());
            throw new TransportException(TransportFailure.CONNECT_FAILED, "refused by the test");
        }
        connects.add(credential.isPresent());
        presented = credential.map(DeviceCredential::certificate);
        connected = true;
    }

    @Override
    public void subscribe(List<String> topics, Duration timeout) throws TransportException {
        requireConnected();
        subscriptions.addAll(topics);
    }

    @Override
    public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
        requireConnected();
        published.add(topic);
        List<FakeGateway.Outgoing> replies = gateway.handle(topic, payload, presented);
        for (FakeGateway.Outgoing early; (early = beforeNextReply.poll()) != null; ) {
            listener.messageArrived(early.topic(), early.payload());
        }
        for (FakeGateway.Outgoing out : replies) {
            if (!swallowReplies && subscriptions.contains(out.topic())) {
                listener.messageArrived(out.topic(), out.payload());
            }
        }
    }

    @Override
    public boolean isConnected() {
        return connected;
    }

    @Override
    public void disconnect(Duration timeout) {
        connected = false;
        subscriptions.clear();
        disconnects.offer(Boolean.TRUE);
    }

    @Override
    public void close() {
        disconnect(Duration.ZERO);
    }

    private void requireConnected() throws TransportException {
        if (!connected) {
            throw new TransportException(TransportFailure.NOT_CONNECTED, "not connected");
        }
    }
}
