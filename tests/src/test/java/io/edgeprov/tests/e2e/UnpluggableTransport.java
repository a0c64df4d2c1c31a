package io.edgeprov.tests.e2e;

import io.edgeprov.sim.device.DeviceCredential;
import io.edgeprov.sim.device.DeviceTransport;
import io.edgeprov.sim.device.TransportException;
import io.edgeprov.sim.device.TransportFailure;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A device's real transport with a cable the test can pull: while unplugged the device is offline,
 * its connection gone and every connect failing as the network would, so the gateway can do things
 * to it (revoke it) that it only finds out about when the cable is back.
 */
final class UnpluggableTransport implements DeviceTransport {
    private final DeviceTransport wire;
    private volatile Listener device;
    private volatile boolean unplugged;

    UnpluggableTransport(DeviceTransport wire) {
        this.wire = Objects.requireNonNull(wire, "wire");
        wire.listener(new Listener() {
            @Override
            public void messageArrived(String topic, byte[] payload) {
                device.messageArrived(topic, payload);
            }

            @Override
            public void connectionLost(String reason) {
                device.connectionLost(reason);
            }
        });
    }

    /** Takes the device offline: its connection drops (the device hears so) and connects fail until {@link #plugIn}. */
    void unplug() {
        unplugged = true;
        wire.disconnect(Duration.ofSeconds(1));
        device.connectionLost("network cable unplugged by the test");
    }

    void plugIn() {
        unplugged = false;
    }

    @Override
    public void listener(Listener listener) {
        this.device = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException {
        if (unplugged) {
            throw new TransportException(TransportFailure.CONNECT_FAILED, "network unreachable (cable unplugged)");
        }
        wire.connect(credential, timeout);
    }

    @Override
    public void subscribe(List<String> topics, Duration timeout) throws TransportException {
        wire.subscribe(topics, timeout);
    }

    @Override
    public void publish(String topic, byte[] payload, Duration timeout) throws TransportException {
        wire.publish(topic, payload, timeout);
    }

    @Override
    public boolean isConnected() {
        return !unplugged && wire.isConnected();
    }

    @Override
    public void disconnect(Duration timeout) {
        wire.disconnect(timeout);
    }

    @Override
    public void close() {
        wire.close();
    }
}
