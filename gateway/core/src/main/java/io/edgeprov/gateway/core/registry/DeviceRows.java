package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import java.util.Optional;

/**
 * The rules every registry applies inside its transaction: what an issuance does to a device row as it
 * stands at commit time, and the audit entry of each certificate a revocation revokes. One place, so
 * the SQLite and in-memory registries cannot drift apart.
 */
public final class DeviceRows {
    private DeviceRows() {
    }

    /**
     * The device row after {@code change}, or the refusal: a revoked or disabled device gets nothing; a
     * renewal needs an active device; an attestation activates a pending one or creates it.
     */
    public static DeviceRecord apply(String deviceId, Optional<DeviceRecord> current, DeviceChange change) {
        if (current.isPresent()) {
            DeviceState state = current.get().state();
            if (state == DeviceState.REVOKED) {
                throw new RegistryException(RegistryFailure.DEVICE_REVOKED, "device " + deviceId + " is revoked");
            }
            if (state == DeviceState.DISABLED) {
                throw new RegistryException(RegistryFailure.DEVICE_DISABLED, "device " + deviceId + " is disabled");
            }
        }
        if (change instanceof DeviceChange.Attested attested) {
            return current.orElse(DeviceRecord.pending(deviceId)).withState(DeviceState.ACTIVE).seenAt(attested.at())
                    .attestedWith(attested.at(), attested.keys());
        }
        DeviceChange.Renewed renewed = (DeviceChange.Renewed) change;
        if (current.isEmpty() || current.get().state() != DeviceState.ACTIVE) {
            throw new RegistryException(RegistryFailure.DEVICE_NOT_ACTIVE, "device " + deviceId + " is "
                    + current.map(d -> d.state().name()).orElse("not registered") + ", not ACTIVE");
        }
        return current.get().renewed().seenAt(renewed.at());
    }

    /** The audit entry of one certificate a revocation revoked. */
    public static AuditEvent revocationAudit(RevocationRecord revocation, String serialHex) {
        AuditEvent event = AuditEvent.of(revocation.revokedAt(), revocation.actor(), "certificate.revoke",
                revocation.deviceId(), AuditOutcome.SUCCESS, revocation.reason().name())
                .withDetail("serial", serialHex)
                .withDetail("event", revocation.eventId().value())
                .withDetail("origin", revocation.origin().stored());
        return revocation.note().map(note -> safeNote(event, note)).orElse(event);
    }

    /**
     * The audit entry of a revocation that revoked no certificate here (one decided on another gateway
     * for a device that holds none here): the device itself is recorded revoked.
     */
    public static AuditEvent revocationAudit(RevocationRecord revocation) {
        AuditEvent event = AuditEvent.of(revocation.revokedAt(), revocation.actor(), "device.revoke",
                revocation.deviceId(), AuditOutcome.SUCCESS, revocation.reason().name())
                .withDetail("event", revocation.eventId().value())
                .withDetail("origin", revocation.origin().stored());
        return revocation.note().map(note -> safeNote(event, note)).orElse(event);
    }

    /** The audit entry of one certificate a hold release put back in force. */
    public static AuditEvent releaseAudit(ReleaseHold release, String serialHex) {
        AuditEvent event = AuditEvent.of(release.at(), release.actor(), "certificate.release-hold", release.deviceId(),
                AuditOutcome.SUCCESS, "CERTIFICATE_HOLD").withDetail("serial", serialHex);
        return release.note().map(note -> safeNote(event, note)).orElse(event);
    }

    /** The audit entry of a lot assignment: one per command, naming the lot and how many devices. */
    public static AuditEvent lotAudit(AssignLot command) {
        String target = command.deviceIds().size() == 1 ? command.deviceIds().get(0) : "lot:" + command.lot();
        return AuditEvent.of(command.at(), command.actor(), "device.lot", target, AuditOutcome.SUCCESS, "OK")
                .withDetail("lot", command.lot()).withDetail("devices", Integer.toString(command.deviceIds().size()));
    }

    /** The note when the audit screen accepts it; an operator's note that looks like key material is left out. */
    private static AuditEvent safeNote(AuditEvent event, String note) {
        try {
            return event.withDetail("note", note);
        } catch (IllegalArgumentException screened) {
            return event.withDetail("note", "(withheld: it looked like key material)");
        }
    }
}
