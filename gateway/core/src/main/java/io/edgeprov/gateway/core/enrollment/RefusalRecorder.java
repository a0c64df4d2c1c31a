package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.RegistryException;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * How every step ends when it does not issue: the refusal counted, and audited (outcome DENIED, reason
 * code = the cause's name, the precise detail when the audit screen lets it through) either in full or,
 * for repeats {@link RefusalSummaries} summarises, as part of a later summary entry; or an internal error
 * audited as ERROR. A registry that refuses an issuance at commit time (the device was revoked or disabled
 * meanwhile) ends the step as that refusal, not as an internal error.
 */
final class RefusalRecorder {
    private static final int MAX_DETAIL = 1000;

    private final AuditLog audit;
    private final EnrollmentMetrics metrics;
    private final RefusalSummaries summaries;

    RefusalRecorder(AuditLog audit, EnrollmentMetrics metrics, RefusalSummaries summaries) {
        this.audit = audit;
        this.metrics = metrics;
        this.summaries = summaries;
    }

    <T> CompletableFuture<EnrollmentOutcome<T>> refuse(Step step, String deviceId, String target, Instant now,
            StepRefused refused) {
        metrics.refused(step.metric(), refused.refusal());
        if (!summaries.auditInFull(step, deviceId, refused.refusal(), now)) {
            return CompletableFuture.completedFuture(new EnrollmentOutcome.Refused<>(refused.refusal(), refused.detail()));
        }
        AuditEvent event = AuditEvent.of(now, deviceId, step.action(), target, AuditOutcome.DENIED,
                refused.refusal().name());
        return audit.append(withSafeDetail(event, refused.detail()))
                .thenApply(entry -> new EnrollmentOutcome.Refused<>(refused.refusal(), refused.detail()));
    }

    <T> CompletableFuture<EnrollmentOutcome<T>> internal(Step step, String deviceId, String target, Instant now,
            Throwable failure) {
        Throwable cause = unwrap(failure);
        String detail = cause.getClass().getSimpleName() + ": " + cause.getMessage();
        metrics.refused(step.metric(), EnrollmentRefusal.INTERNAL_ERROR);
        AuditEvent event = AuditEvent.of(now, deviceId, step.action(), target, AuditOutcome.ERROR,
                EnrollmentRefusal.INTERNAL_ERROR.name());
        return audit.append(withSafeDetail(event, detail))
                .thenApply(entry -> new EnrollmentOutcome.Refused<>(EnrollmentRefusal.INTERNAL_ERROR, detail));
    }

    /**
     * The step as it ended: a commit-time refusal of the registry becomes its refusal (audited against
     * {@code refusalTarget}, as the step's own refusals are), anything else an internal error.
     */
    <T> CompletableFuture<EnrollmentOutcome<T>> recover(CompletableFuture<EnrollmentOutcome<T>> future, Step step,
            String deviceId, String refusalTarget, Instant now) {
        return future.exceptionallyCompose(failure -> atCommit(unwrap(failure))
                .map(refused -> this.<T>refuse(step, deviceId, refusalTarget, now, refused))
                .orElseGet(() -> internal(step, deviceId, deviceId, now, failure)));
    }

    private static Optional<StepRefused> atCommit(Throwable cause) {
        if (!(cause instanceof RegistryException registry)) {
            return Optional.empty();
        }
        EnrollmentRefusal refusal = switch (registry.failure()) {
            case DEVICE_REVOKED -> EnrollmentRefusal.DEVICE_REVOKED;
            case DEVICE_DISABLED -> EnrollmentRefusal.DEVICE_DISABLED;
            case DEVICE_NOT_ACTIVE -> EnrollmentRefusal.DEVICE_NOT_ACTIVE;
            default -> null;
        };
        return Optional.ofNullable(refusal).map(r -> new StepRefused(r, "at commit: " + registry.getMessage()));
    }

    private static Throwable unwrap(Throwable failure) {
        return failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    }

    /** The event with the detail, unless the audit screen takes the detail for key material. */
    private static AuditEvent withSafeDetail(AuditEvent event, String detail) {
        String bounded = detail.length() > MAX_DETAIL ? detail.substring(0, MAX_DETAIL) : detail;
        try {
            return event.withDetail("detail", bounded);
        } catch (IllegalArgumentException screened) {
            return event;
        }
    }
}
