package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Revoke a device on this gateway: every certificate it holds when the command commits.
 *
 * @param eventId the new revocation's fleet-wide id
 * @param deviceId the device
 * @param reason the RFC 5280 reason
 * @param at when it takes effect
 * @param actor who decided it
 * @param note the operator's free text, if any
 */
public record RevokeDevice(RevocationEventId eventId, String deviceId, RevocationReason reason, Instant at, String actor,
        Optional<String> note) {
    public RevokeDevice {
        Objects.requireNonNull(eventId, "eventId");
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        Objects.requireNonNull(reason, "reason");
        at = Checks.millis(at, "at");
        Checks.text(actor, "actor", 256);
        Objects.requireNonNull(note, "note");
    }

    /** The record this command leaves, once committed. */
    public RevocationRecord record() {
        return new RevocationRecord(eventId, deviceId, reason, at, actor, RevocationOrigin.LOCAL, note);
    }
}
