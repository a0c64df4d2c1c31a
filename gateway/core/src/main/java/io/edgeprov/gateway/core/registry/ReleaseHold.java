package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * Take a device off certificateHold: the one revocation RFC 5280 lets be undone. Its held, unexpired
 * certificates are in force again and the device may renew; a device revoked for any other reason stays
 * revoked.
 *
 * @param deviceId the device
 * @param at when
 * @param actor who released it
 * @param note why, if given
 */
public record ReleaseHold(String deviceId, Instant at, String actor, Optional<String> note) {
    public ReleaseHold {
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        at = Checks.millis(at, "at");
        Checks.text(actor, "actor", 256);
        Objects.requireNonNull(note, "note");
        note.ifPresent(text -> Checks.text(text, "note", RevocationRecord.MAX_NOTE));
    }
}
