package io.edgeprov.gateway.core.onboarding;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.fleet.PendingDevice;
import io.edgeprov.gateway.core.fleet.PendingDevices;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * A technician's decision on a device in the pending queue (a genuine TPM no enrollment admitted). Approving
 * allows exactly the EK it presented, as an individual enrollment, so it enrolls on its next attempt; rejecting
 * drops it from the queue. Needs {@link Permission#APPROVE}; every decision and refusal is audited.
 */
public final class PendingApprovals {
    /** What a decision did. */
    public sealed interface Decision permits Decision.Approved, Decision.Rejected, Decision.NotPending, Decision.Duplicate,
            Decision.NotPermitted {
        record Approved(String enrollmentId) implements Decision {
        }

        record Rejected(String deviceId) implements Decision {
        }

        record NotPending(String deviceId) implements Decision {
        }

        record Duplicate(String detail) implements Decision {
        }

        record NotPermitted(String actor) implements Decision {
        }
    }

    private final PendingDevices pending;
    private final EnrollmentStore enrollments;
    private final DeviceStore devices;
    private final AuditLog audit;
    private final Clock clock;

    public PendingApprovals(PendingDevices pending, EnrollmentStore enrollments, DeviceStore devices, AuditLog audit,
            Clock clock) {
        this.pending = Objects.requireNonNull(pending, "pending");
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CompletableFuture<Decision> approve(Principal actor, String deviceId, Optional<String> note) {
        Instant now = now();
        if (!actor.may(Permission.APPROVE)) {
            return denied(actor, "pending.approve", deviceId, now);
        }
        Optional<PendingDevice> found = pending.find(deviceId);
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(new Decision.NotPending(deviceId));
        }
        String id = OnboardDevices.INDIVIDUAL_PREFIX + deviceId;
        Enrollment enrollment = new Enrollment(id, new EnrollmentRule.Individual(deviceId, found.get().ekSha256()), true,
                actor.actor(), now);
        AuditEvent event = AuditEvent.of(now, actor.actor(), "pending.approve", deviceId, AuditOutcome.SUCCESS, "OK")
                .withDetail("enrollmentId", id).withDetail("ekSha256", found.get().ekSha256().hex())
                .withDetail("rootBundle", found.get().rootBundle());
        AuditEvent withNote = note.map(n -> event.withDetail("note", n)).orElse(event);
        return enrollments.add(enrollment, withNote)
                .thenCompose(added -> devices.find(deviceId).isPresent() ? CompletableFuture.completedFuture(null)
                        : devices.save(DeviceRecord.pending(deviceId)).thenApply(saved -> null))
                .thenCompose(saved -> pending.remove(deviceId, AuditEvent.of(now, actor.actor(), "pending.remove", deviceId,
                        AuditOutcome.SUCCESS, "APPROVED")))
                .<Decision>thenApply(removed -> new Decision.Approved(id))
                .exceptionally(failure -> {
                    Throwable cause = failure;
                    while (cause instanceof CompletionException && cause.getCause() != null) {
                        cause = cause.getCause();
                    }
                    if (cause instanceof RegistryException r && r.failure() == RegistryFailure.ENROLLMENT_EXISTS) {
                        return new Decision.Duplicate("the device or its EK is already allowed");
                    }
                    throw new CompletionException(cause);
                });
    }

    public CompletableFuture<Decision> reject(Principal actor, String deviceId, Optional<String> note) {
        Instant now = now();
        if (!actor.may(Permission.APPROVE)) {
            return denied(actor, "pending.reject", deviceId, now);
        }
        AuditEvent event = AuditEvent.of(now, actor.actor(), "pending.reject", deviceId, AuditOutcome.SUCCESS, "OK");
        return pending.remove(deviceId, note.map(n -> event.withDetail("note", n)).orElse(event))
                .thenApply(removed -> removed ? new Decision.Rejected(deviceId) : new Decision.NotPending(deviceId));
    }

    private CompletableFuture<Decision> denied(Principal actor, String action, String target, Instant now) {
        return audit.append(AuditEvent.of(now, actor.actor(), action, target, AuditOutcome.DENIED, "NOT_PERMITTED"))
                .thenApply(entry -> new Decision.NotPermitted(actor.actor()));
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
