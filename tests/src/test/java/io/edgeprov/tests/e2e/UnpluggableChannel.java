package io.edgeprov.tests.e2e;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.sim.device.ChannelReply;
import io.edgeprov.sim.device.DeviceCredential;
import io.edgeprov.sim.device.EnrollmentChannel;
import io.edgeprov.sim.device.TransportException;
import io.edgeprov.sim.device.TransportFailure;
import java.time.Duration;
import java.util.Objects;

/**
 * A device's real channel (MQTT or CoAP) with a cable the test can pull: while unplugged the device is
 * offline, its session gone and every open failing as the network would, so the gateway can do things
 * to it (revoke it) that it only finds out about when the cable is back.
 */
final class UnpluggableChannel implements EnrollmentChannel {
    private final EnrollmentChannel wire;
    private volatile Listener device;
    private volatile boolean unplugged;

    UnpluggableChannel(EnrollmentChannel wire) {
        this.wire = Objects.requireNonNull(wire, "wire");
        wire.listener(new Listener() {
            @Override
            public void noticeArrived(RevocationNotice notice) {
                device.noticeArrived(notice);
            }

            @Override
            public void connectionLost(String reason) {
                device.connectionLost(reason);
            }
        });
    }

    /** Takes the device offline: its session drops (the device hears so) and opens fail until {@link #plugIn}. */
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
    public void openForAttestation(Duration timeout) throws TransportException {
        requirePlugged();
        wire.openForAttestation(timeout);
    }

    @Override
    public void openWith(DeviceCredential credential, Duration timeout) throws TransportException {
        requirePlugged();
        wire.openWith(credential, timeout);
    }

    @Override
    public ChannelReply<Challenge> begin(AttestationBegin request, Duration timeout) throws TransportException {
        requirePlugged();
        return wire.begin(request, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> finish(AttestationFinish request, Duration timeout) throws TransportException {
        requirePlugged();
        return wire.finish(request, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> renew(RenewRequest request, Duration timeout) throws TransportException {
        requirePlugged();
        return wire.renew(request, timeout);
    }

    private void requirePlugged() throws TransportException {
        if (unplugged) {
            throw new TransportException(TransportFailure.CONNECT_FAILED, "network unreachable (cable unplugged)");
        }
    }

    @Override
    public boolean isOpen() {
        return !unplugged && wire.isOpen();
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
