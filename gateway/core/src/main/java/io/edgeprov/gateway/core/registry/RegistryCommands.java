package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's domain writes. Each command runs as one transaction, all or nothing, and completes
 * only once durably committed; the checks that decide whether it may happen run inside that same
 * transaction, so no read made earlier by the caller can let a write slip past a revocation.
 */
public interface RegistryCommands {

    /**
     * Records an issued certificate with its audit entry and the device row change it makes. Refused
     * with {@link RegistryFailure#DEVICE_REVOKED}, {@link RegistryFailure#DEVICE_DISABLED} or
     * {@link RegistryFailure#DEVICE_NOT_ACTIVE} when the device's state at commit time does not allow it
     * (a renewal needs an active device, an attestation any device not revoked or disabled), and with
     * {@link RegistryFailure#SERIAL_ALREADY_USED} for a serial ever recorded. A refused command writes nothing.
     */
    CompletableFuture<CertificateRecord> issue(IssueCertificate command);

    /**
     * Revokes every unrevoked, unexpired certificate the device holds at commit time, marks the device
     * revoked (so no later issuance for it can commit), records the revocation under its event id with
     * one audit entry per certificate, and queues the event for upstream. Refused with
     * {@link RegistryFailure#NOTHING_TO_REVOKE} when the device holds no such certificate (nothing is written).
     */
    CompletableFuture<DeviceRevocation> revoke(RevokeDevice command);

    /**
     * Revokes many devices, each exactly as {@link #revoke} would, in as few transactions as the registry
     * can afford (a registry may split a long list so other writers are not starved). A device with
     * nothing to revoke is left out of the result rather than failing the batch: revoking twice is
     * harmless. The result is in the order of the commands.
     */
    CompletableFuture<List<DeviceRevocation>> revokeAll(List<RevokeDevice> commands);

    /**
     * Records a revocation another gateway made and applies it here (the device's certificates, its
     * state), with its place in the origin's sequence in the inbox. Recorded once per event id: a
     * replayed event changes nothing and says so; the same id with other content is reported as
     * {@link InboundOutcome.Conflicting} and changes nothing either.
     */
    CompletableFuture<InboundOutcome> recordInbound(InboundRevocation command);

    /** Queues an event for the upstream broker; refused with {@link RegistryFailure#EVENT_EXISTS} for a known id. */
    CompletableFuture<OutboundEvent> enqueue(OutboundEvent event);

    /** Marks outbox events as acknowledged by upstream; unknown or already delivered ids are ignored. */
    CompletableFuture<Integer> markDelivered(List<RevocationEventId> eventIds, Instant at);

    /** Labels devices with their production lot (replacing an earlier label), audited under the actor. */
    CompletableFuture<Integer> assignLot(AssignLot command);

    /**
     * Releases a device from certificateHold: every unexpired certificate of it revoked for
     * certificateHold is in force again, the device active, one audit entry per certificate. Refused with
     * {@link RegistryFailure#NOT_ON_HOLD} when it holds none, or when its latest revocation was for
     * another reason (nothing is written). The certificates are returned as they are now.
     */
    CompletableFuture<List<CertificateRecord>> releaseHold(ReleaseHold command);
}
