package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One revocation decision as the registry keeps it, in its own table: a device cut off for a reason,
 * by whom, from where. Every certificate it revoked points back at it.
 *
 * @param eventId its fleet-wide id
 * @param deviceId the device revoked
 * @param reason the RFC 5280 reason
 * @param revokedAt when it took effect (stored to the millisecond)
 * @param actor who decided it: an operator, the local CLI user, or the origin gateway's actor
 * @param origin this gateway or another
 * @param note the operator's free text, if any
 */
public record RevocationRecord(RevocationEventId eventId, String deviceId, RevocationReason reason, Instant revokedAt,
        String actor, RevocationOrigin origin, Optional<String> note) {

    /** Longest note kept; an operator's explanation, not a document. */
    public static final int MAX_NOTE = 500;

    public RevocationRecord {
        Objects.requireNonNull(eventId, "eventId");
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        Objects.requireNonNull(reason, "reason");
        revokedAt = Checks.millis(revokedAt, "revokedAt");
        Checks.text(actor, "actor", 256);
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(note, "note");
        note.ifPresent(text -> Checks.text(text, "note", MAX_NOTE));
    }
}
