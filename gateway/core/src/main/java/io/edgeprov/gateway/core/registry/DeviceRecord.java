package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * A device as the registry knows it.
 *
 * @param deviceId the device's serial, unique
 * @param state life-cycle state
 * @param lastSeen when it last spoke to the gateway (stored to the millisecond)
 * @param renewalCount renewals since the last full attestation
 * @param lastAttestation when it last completed a full TPM attestation (stored to the millisecond)
 * @param attestedKeys the EK and AK of that attestation, which renewals with a new TPM key rely on
 */
public record DeviceRecord(String deviceId, DeviceState state, Optional<Instant> lastSeen, int renewalCount,
        Optional<Instant> lastAttestation, Optional<AttestedKeys> attestedKeys) {

    /** A device without attested keys, as schema V1 stored it. */
    public DeviceRecord(String deviceId, DeviceState state, Optional<Instant> lastSeen, int renewalCount,
            Optional<Instant> lastAttestation) {
        this(deviceId, state, lastSeen, renewalCount, lastAttestation, Optional.empty());
    }

    /** Longest device id the registry accepts. */
    public static final int MAX_ID_LENGTH = 128;

    public DeviceRecord {
        Checks.text(deviceId, "deviceId", MAX_ID_LENGTH);
        Objects.requireNonNull(state, "state");
        lastSeen = Objects.requireNonNull(lastSeen, "lastSeen").map(t -> Checks.millis(t, "lastSeen"));
        if (renewalCount < 0) {
            throw new IllegalArgumentException("renewalCount must not be negative, got " + renewalCount);
        }
        lastAttestation = Objects.requireNonNull(lastAttestation, "lastAttestation")
                .map(t -> Checks.millis(t, "lastAttestation"));
        Objects.requireNonNull(attestedKeys, "attestedKeys");
    }

    /** A device just heard of: pending, never seen, never attested. */
    public static DeviceRecord pending(String deviceId) {
        return new DeviceRecord(deviceId, DeviceState.PENDING, Optional.empty(), 0, Optional.empty());
    }

    /** The same device in another state. */
    public DeviceRecord withState(DeviceState newState) {
        return new DeviceRecord(deviceId, newState, lastSeen, renewalCount, lastAttestation, attestedKeys);
    }

    /** The same device, seen at the given instant. */
    public DeviceRecord seenAt(Instant when) {
        return new DeviceRecord(deviceId, state, Optional.of(when), renewalCount, lastAttestation, attestedKeys);
    }

    /** The same device after a full attestation: renewal count reset. */
    public DeviceRecord attestedAt(Instant when) {
        return new DeviceRecord(deviceId, state, lastSeen, 0, Optional.of(when), attestedKeys);
    }

    /** The same device after a full attestation with the given TPM keys: renewal count reset. */
    public DeviceRecord attestedWith(Instant when, AttestedKeys keys) {
        return new DeviceRecord(deviceId, state, lastSeen, 0, Optional.of(when), Optional.of(keys));
    }

    /** The same device after one more renewal. */
    public DeviceRecord renewed() {
        return new DeviceRecord(deviceId, state, lastSeen, renewalCount + 1, lastAttestation, attestedKeys);
    }
}
