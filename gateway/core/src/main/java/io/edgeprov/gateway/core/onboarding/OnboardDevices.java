package io.edgeprov.gateway.core.onboarding;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceStore;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Technicians let devices enroll: one device by its EK digest, a group by manufacturer roots and a
 * serial pattern, or an enrollment disabled again. The same use case serves the CLI now and the admin
 * plane later: it checks the principal's {@link Permission#ONBOARD} itself and audits every change, and
 * every refusal of a principal, under the principal's name.
 */
public final class OnboardDevices {
    /** Enrollment ids of individual enrollments: {@code device-<deviceId>}. */
    public static final String INDIVIDUAL_PREFIX = "device-";
    /** Enrollment ids of group enrollments: {@code group-<name>}. */
    public static final String GROUP_PREFIX = "group-";

    private final EnrollmentStore enrollments;
    private final DeviceStore devices;
    private final AuditLog audit;
    private final Clock clock;

    public OnboardDevices(EnrollmentStore enrollments, DeviceStore devices, AuditLog audit, Clock clock) {
        this.enrollments = Objects.requireNonNull(enrollments, "enrollments");
        this.devices = Objects.requireNonNull(devices, "devices");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Allows one device whose EK public area (TPM2B_PUBLIC) has SHA-256 {@code ek}. */
    public CompletableFuture<OnboardingOutcome> allowDevice(Principal actor, String deviceId, Sha256Digest ek) {
        DeviceIds.require(deviceId, "deviceId");
        Objects.requireNonNull(ek, "ek");
        Instant now = now();
        String id = INDIVIDUAL_PREFIX + deviceId;
        if (!actor.may(Permission.ONBOARD)) {
            return refuse(actor, "enrollment.add", deviceId, now);
        }
        Enrollment enrollment = new Enrollment(id, new EnrollmentRule.Individual(deviceId, ek), true, actor.actor(), now);
        AuditEvent event = AuditEvent.of(now, actor.actor(), "enrollment.add", deviceId, AuditOutcome.SUCCESS, "OK")
                .withDetail("kind", "individual").withDetail("enrollmentId", id).withDetail("ekSha256", ek.hex());
        return enrollments.add(enrollment, event)
                .thenCompose(added -> devices.find(deviceId).isPresent()
                        ? CompletableFuture.completedFuture(null)
                        : devices.save(DeviceRecord.pending(deviceId)))
                .<OnboardingOutcome>thenApply(saved -> new OnboardingOutcome.Added(id))
                .exceptionally(failure -> duplicate(failure, "device or EK is already allowed"));
    }

    /**
     * Allows every TPM whose EK certificate chains to the roots of bundle {@code bundleId} and whose
     * device id matches {@code serialPattern} (the caller keeps the roots where {@code ManufacturerRoots}
     * reads them).
     */
    public CompletableFuture<OnboardingOutcome> allowGroup(Principal actor, String group, String serialPattern, int roots) {
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(serialPattern, "serialPattern");
        Instant now = now();
        String id = GROUP_PREFIX + group;
        if (!actor.may(Permission.ONBOARD)) {
            return refuse(actor, "enrollment.add", id, now);
        }
        Enrollment enrollment = new Enrollment(id, new EnrollmentRule.Group(group, serialPattern), true, actor.actor(), now);
        AuditEvent event = AuditEvent.of(now, actor.actor(), "enrollment.add", id, AuditOutcome.SUCCESS, "OK")
                .withDetail("kind", "group").withDetail("serialPattern", serialPattern)
                .withDetail("roots", String.valueOf(roots));
        return enrollments.add(enrollment, event).<OnboardingOutcome>thenApply(added -> new OnboardingOutcome.Added(id))
                .exceptionally(failure -> duplicate(failure, "group " + group + " already exists"));
    }

    /** Disables the enrollment with this id, or the individual enrollment of this device id. */
    public CompletableFuture<OnboardingOutcome> disable(Principal actor, String enrollmentOrDeviceId) {
        Objects.requireNonNull(enrollmentOrDeviceId, "enrollmentOrDeviceId");
        Instant now = now();
        Optional<Enrollment> found = enrollments.findById(enrollmentOrDeviceId)
                .or(() -> DeviceIds.isValid(enrollmentOrDeviceId)
                        ? enrollments.findIndividualByDeviceId(enrollmentOrDeviceId) : Optional.empty());
        if (!actor.may(Permission.ONBOARD)) {
            return refuse(actor, "enrollment.disable", found.map(Enrollment::enrollmentId).orElse("unknown"), now);
        }
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(new OnboardingOutcome.NotFound(
                    "no enrollment with that id or device id"));
        }
        String id = found.get().enrollmentId();
        AuditEvent event = AuditEvent.of(now, actor.actor(), "enrollment.disable", id, AuditOutcome.SUCCESS, "OK");
        return enrollments.setEnabled(id, false, event).thenApply(disabled -> new OnboardingOutcome.Disabled(id));
    }

    /** Enables the enrollment with this id again (the admin plane's group switch); audited like a disable. */
    public CompletableFuture<OnboardingOutcome> enable(Principal actor, String enrollmentId) {
        Objects.requireNonNull(enrollmentId, "enrollmentId");
        Instant now = now();
        Optional<Enrollment> found = enrollments.findById(enrollmentId);
        if (!actor.may(Permission.ONBOARD)) {
            return refuse(actor, "enrollment.enable", found.map(Enrollment::enrollmentId).orElse("unknown"), now);
        }
        if (found.isEmpty()) {
            return CompletableFuture.completedFuture(new OnboardingOutcome.NotFound("no enrollment with that id"));
        }
        String id = found.get().enrollmentId();
        AuditEvent event = AuditEvent.of(now, actor.actor(), "enrollment.enable", id, AuditOutcome.SUCCESS, "OK");
        return enrollments.setEnabled(id, true, event).thenApply(enabled -> new OnboardingOutcome.Added(id));
    }

    private CompletableFuture<OnboardingOutcome> refuse(Principal actor, String action, String target, Instant now) {
        return audit.append(AuditEvent.of(now, actor.actor(), action, target, AuditOutcome.DENIED, "NOT_PERMITTED"))
                .thenApply(entry -> new OnboardingOutcome.NotPermitted(actor.actor()));
    }

    private static OnboardingOutcome duplicate(Throwable failure, String detail) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof RegistryException registry && registry.failure() == RegistryFailure.ENROLLMENT_EXISTS) {
            return new OnboardingOutcome.Duplicate(detail);
        }
        throw new CompletionException(cause);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
