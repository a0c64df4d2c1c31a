package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * What an issuance does to its device's row, applied inside the issuing transaction to the row as it
 * stands then (never a row the caller read earlier).
 */
public sealed interface DeviceChange permits DeviceChange.Attested, DeviceChange.Renewed {

    /** When the device was seen. */
    Instant at();

    /**
     * A full TPM attestation: the device becomes active (created if new), its renewal count resets and
     * the attested keys are the ones renewals with a new TPM key must be certified by. Refused for a
     * revoked or disabled device.
     */
    record Attested(Instant at, AttestedKeys keys) implements DeviceChange {
        public Attested {
            at = Checks.millis(at, "at");
            Objects.requireNonNull(keys, "keys");
        }
    }

    /** One more renewal of an active device. Refused unless the device is active at commit time. */
    record Renewed(Instant at) implements DeviceChange {
        public Renewed {
            at = Checks.millis(at, "at");
        }
    }
}
