package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import java.time.Duration;

/**
 * What the device logic needs from a transport, and nothing MQTT- or CoAP-shaped: a session that is
 * either certificate-less (attestation) or authenticated by the device certificate with its TPM key,
 * and three request/response exchanges of contract v1 (begin, finish, renew). A device learns of
 * its revocation from a pushed {@link RevocationNotice} where the transport has one (MQTT), from a
 * refused session ({@link TransportFailure#BANNED}, {@link TransportFailure#REVOKED_AT_HANDSHAKE}),
 * from a lost session followed by such a refusal, or from a refusal with
 * {@code DEVICE_REVOKED}; which of these a transport offers is its business.
 *
 * <p>{@link MqttEnrollmentChannel} adapts a {@link DeviceTransport} (topics, publish and subscribe);
 * {@link CoapDeviceTransport} speaks EST-coaps over DTLS. A device sends one request at a time.
 */
public interface EnrollmentChannel extends AutoCloseable {

    /** Hears what arrives outside an exchange; set before the first open. Must not block. */
    interface Listener {
        /** A revocation notice pushed by the gateway (a transport without push never calls it). */
        void noticeArrived(RevocationNotice notice);

        /** The session ended without {@link #disconnect} being called (gateway cut-off, network loss). */
        void connectionLost(String reason);
    }

    void listener(Listener listener);

    /** Opens a session without a client certificate, for attestation; any open session is closed first. */
    void openForAttestation(Duration timeout) throws TransportException;

    /**
     * Opens a session presenting {@code credential}'s certificate with its TPM key; any open session is
     * closed first. A gateway that refuses the certificate as revoked fails it with
     * {@link TransportFailure#BANNED} or {@link TransportFailure#REVOKED_AT_HANDSHAKE}.
     */
    void openWith(DeviceCredential credential, Duration timeout) throws TransportException;

    /**
     * After an accepted finish on the attestation session: keeps that very session where the gateway granted it
     * the new certificate's rights (one handshake per enrollment, docs/decisions/0036) and answers true; answers
     * false where the device must open a new session with the certificate ({@link #openWith}). False by default:
     * MQTT 3.1.1, the Mosquitto mode and CoAP (whose DTLS session has no certificate to promote) never promote.
     */
    default boolean continueAsEnrolled(DeviceCredential credential, Duration timeout) throws TransportException {
        return false;
    }

    ChannelReply<Challenge> begin(AttestationBegin request, Duration timeout) throws TransportException;

    ChannelReply<CredentialBundle> finish(AttestationFinish request, Duration timeout) throws TransportException;

    ChannelReply<CredentialBundle> renew(RenewRequest request, Duration timeout) throws TransportException;

    boolean isOpen();

    /** Ends the session if there is one; never throws. */
    void disconnect(Duration timeout);

    @Override
    void close();
}
