package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An event waiting in the outbox for the upstream fleet broker: today a device revoked on this gateway.
 *
 * @param eventId the revocation's fleet-wide id, which makes redelivery harmless
 * @param deviceId the device
 * @param reason why
 * @param occurredAt when the revocation took effect
 * @param serials the certificates it revoked here
 * @param queuedAt when it was queued (stored to the millisecond)
 * @param deliveredAt when upstream acknowledged it, once it has
 */
public record OutboundEvent(RevocationEventId eventId, String deviceId, RevocationReason reason, Instant occurredAt,
        List<String> serials, Instant queuedAt, Optional<Instant> deliveredAt) {
    public OutboundEvent {
        Objects.requireNonNull(eventId, "eventId");
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        Objects.requireNonNull(reason, "reason");
        occurredAt = Checks.millis(occurredAt, "occurredAt");
        serials = List.copyOf(serials);
        queuedAt = Checks.millis(queuedAt, "queuedAt");
        deliveredAt = Objects.requireNonNull(deliveredAt, "deliveredAt").map(t -> Checks.millis(t, "deliveredAt"));
    }

    /** The event a local revocation queues, in the same transaction. */
    public static OutboundEvent of(DeviceRevocation revocation, Instant queuedAt) {
        RevocationRecord record = revocation.revocation();
        return new OutboundEvent(record.eventId(), record.deviceId(), record.reason(), record.revokedAt(),
                revocation.revoked().stream().map(CertificateRecord::serialHex).toList(), queuedAt, Optional.empty());
    }
}
