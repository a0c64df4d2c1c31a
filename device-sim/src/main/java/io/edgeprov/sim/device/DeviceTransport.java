package io.edgeprov.sim.device;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The device's link to the gateway's broker, reduced to what the firmware contract needs: MQTT 5
 * with clean start, QoS 1, client id = device id. {@link PahoDeviceTransport} is the real one;
 * tests plug in an in-memory gateway.
 */
public interface DeviceTransport extends AutoCloseable {

    /** Where messages and connection losses go; set before the first {@link #connect}. */
    interface Listener {
        void messageArrived(String topic, byte[] payload);

        /** The connection dropped without {@link #disconnect} being called. */
        void connectionLost(String reason);
    }

    void listener(Listener listener);

    /**
     * Connects over TLS, presenting {@code credential}'s certificate with its TPM key, or no
     * certificate at all (attestation). Any existing connection is closed first.
     */
    void connect(Optional<DeviceCredential> credential, Duration timeout) throws TransportException;

    void subscribe(List<String> topics, Duration timeout) throws TransportException;

    /** Publishes at QoS 1, not retained, and waits for the broker's acknowledgement. */
    void publish(String topic, byte[] payload, Duration timeout) throws TransportException;

    boolean isConnected();

    /**
     * Whether the gateway granted the current connection the rights of the certificate it just issued
     * (the one-handshake enrollment, firmware-contracts README "Connect"): then the device keeps it
     * instead of reconnecting with the certificate. False by default, and for transports that never see it.
     */
    default boolean promotedToDevice() {
        return false;
    }

    /** Disconnects cleanly if connected; never throws. */
    void disconnect(Duration timeout);

    @Override
    void close();
}
