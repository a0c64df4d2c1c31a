package io.edgeprov.sim.device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Attestation on the listener without client certificates, everything else on the one that requires them. */
public final class RoutingTransport implements DeviceTransport {
    private final DeviceTransport open;
    private final DeviceTransport mutual;
    private volatile DeviceTransport active;

    public RoutingTransport(DeviceTransport open, DeviceTransport mutual) {
        this.open = open;
        this.mutual = mutual;
        this.active = open;
    }

    @Override
    public void listener(Listener listener) {
        open.listener(listener);
        mutual.listener(listener);
    }

    @Override
    public void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
        active.disconnect(timeout);
        active = credential.isPresent() ? mutual : open;
        active.connect(credential, timeout);
    }

    @Override
    public void subscribe(List<String> topics, Duration timeout) throws TransportException {
        active.subscribe(topics, timeout);
    }

    @Override
    public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
        active.publish(topic, payload, timeout);
    }

    @Override
    public boolean isConnected() {
        return active.isConnected();
    }

    @Override
    public void disconnect(Duration timeout) {
        active.disconnect(timeout);
    }

    @Override
    public void close() {
        open.close();
        mutual.close();
    }
}
