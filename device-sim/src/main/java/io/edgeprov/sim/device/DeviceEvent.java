package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One thing that happened to a device. {@code detail} is for people and never holds a secret:
 * it is built from error codes, transport reasons and TPM response codes only.
 *
 * @param latency        how long the step took, for ENROLLED, RENEWED, KEY_ROTATED and RECONNECTED; for
 *                       REVOKED, from the revocation to the device noticing it, when the path told the time
 * @param revocationPath for REVOKED (and only for it), which path told the device first
 */
public record DeviceEvent(Instant at, DeviceEventType type, Optional<WireErrorCode> code,
                          Optional<DeviceFailure> failure, Optional<Duration> latency, Optional<RevocationPath> revocationPath,
                          String detail) {
    public DeviceEvent {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(revocationPath, "revocationPath");
        Objects.requireNonNull(detail, "detail");
        if ((type == DeviceEventType.REVOKED) != revocationPath.isPresent()) {
            throw new IllegalArgumentException("revocationPath: present exactly on a REVOKED event");
        }
        if (type == DeviceEventType.REFUSED && code.isEmpty()) {
            throw new IllegalArgumentException("code: a REFUSED event needs the gateway's error code");
        }
        if (type == DeviceEventType.FAILED && failure.isEmpty()) {
            throw new IllegalArgumentException("failure: a FAILED event needs its cause");
        }
        latency.ifPresent(l -> {
            if (l.isNegative()) {
                throw new IllegalArgumentException("latency: negative");
            }
        });
    }

    static DeviceEvent of(Instant at, DeviceEventType type, String detail) {
        return new DeviceEvent(at, type, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), detail);
    }

    static DeviceEvent timed(Instant at, DeviceEventType type, Duration latency, String detail) {
        return new DeviceEvent(at, type, Optional.empty(), Optional.empty(), Optional.of(latency), Optional.empty(), detail);
    }

    static DeviceEvent refused(Instant at, WireErrorCode code, String detail) {
        return new DeviceEvent(at, DeviceEventType.REFUSED, Optional.of(code), Optional.of(DeviceFailure.REJECTED),
                Optional.empty(), Optional.empty(), detail);
    }

    static DeviceEvent failed(Instant at, DeviceFailure failure, String detail) {
        return new DeviceEvent(at, DeviceEventType.FAILED, Optional.empty(), Optional.of(failure), Optional.empty(), Optional.empty(), detail);
    }

    static DeviceEvent revoked(NoticedRevocation revocation) {
        return new DeviceEvent(revocation.noticedAt(), DeviceEventType.REVOKED, Optional.empty(), Optional.empty(),
                revocation.latency(), Optional.of(revocation.path()), revocation.describe());
    }
}
