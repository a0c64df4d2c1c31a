package io.edgeprov.gateway.core.registry;

import java.util.List;
import java.util.Optional;

/** Revocation decisions and the outbox of events for upstream, as recorded; written only through {@link RegistryCommands}. */
public interface RevocationStore {

    /** A revocation by its event id. */
    Optional<RevocationRecord> find(RevocationEventId eventId);

    /** The revocations of one device, oldest first. */
    List<RevocationRecord> findByDevice(String deviceId);

    /** Events not yet delivered upstream, oldest first, at most {@code limit}. */
    List<OutboundEvent> pendingOutbound(int limit);

    /** Events not yet delivered upstream with their sequence and decision, oldest first, at most {@code limit}. */
    List<QueuedEvent> pendingPage(int limit);

    /** How many events wait for upstream. */
    int outboxDepth();

    /** When the oldest undelivered event was queued, if any waits. */
    Optional<java.time.Instant> oldestPending();

    /** The highest sequence number recorded in the inbox for that origin gateway (0 when none). */
    long lastInboundSequence(String originGatewayId);

    /**
     * A number that grows whenever any process records a revocation: a cheap look for whether anything
     * changed before reading what did.
     */
    long revocationMark();

    /** The certificates revoked by decisions recorded after {@code mark} (a {@link #revocationMark()}), by any process. */
    List<CertificateRecord> certificatesRevokedAfter(long mark);
}
