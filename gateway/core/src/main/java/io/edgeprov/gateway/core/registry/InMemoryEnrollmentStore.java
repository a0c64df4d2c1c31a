package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Enrollments in memory, auditing each change like the SQLite store, for use-case tests. */
public final class InMemoryEnrollmentStore implements EnrollmentStore {

    private final AuditLog audit;
    private final Map<String, Enrollment> byId = new HashMap<>();

    /** @param audit where each change's audit event goes */
    public InMemoryEnrollmentStore(AuditLog audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public synchronized Optional<Enrollment> findById(String enrollmentId) {
        return Optional.ofNullable(byId.get(enrollmentId));
    }

    @Override
    public synchronized Optional<Enrollment> findIndividualByDeviceId(String deviceId) {
        return byId.values().stream()
                .filter(e -> e.rule() instanceof EnrollmentRule.Individual i && i.deviceId().equals(deviceId))
                .findFirst();
    }

    @Override
    public synchronized Optional<Enrollment> findIndividualByEk(Sha256Digest ekPublicSha256) {
        return byId.values().stream()
                .filter(e -> e.rule() instanceof EnrollmentRule.Individual i && i.ekPublicSha256().equals(ekPublicSha256))
                .findFirst();
    }

    @Override
    public synchronized List<Enrollment> findGroups() {
        return byId.values().stream().filter(e -> e.rule() instanceof EnrollmentRule.Group)
                .sorted(Comparator.comparing(Enrollment::enrollmentId)).toList();
    }

    @Override
    public synchronized CompletableFuture<Enrollment> add(Enrollment enrollment, AuditEvent event) {
        boolean clash = byId.containsKey(enrollment.enrollmentId())
                || enrollment.rule() instanceof EnrollmentRule.Individual i
                        && (findIndividualByDeviceId(i.deviceId()).isPresent()
                                || findIndividualByEk(i.ekPublicSha256()).isPresent());
        if (clash) {
            return CompletableFuture.failedFuture(new RegistryException(RegistryFailure.ENROLLMENT_EXISTS, "enrollment "
                    + enrollment.enrollmentId() + " clashes with an existing id, device id or EK"));
        }
        byId.put(enrollment.enrollmentId(), enrollment);
        return audit.append(event).thenApply(entry -> enrollment);
    }

    @Override
    public synchronized CompletableFuture<Enrollment> setEnabled(String enrollmentId, boolean enabled, AuditEvent event) {
        Enrollment current = byId.get(enrollmentId);
        if (current == null) {
            return CompletableFuture.failedFuture(
                    new RegistryException(RegistryFailure.NOT_FOUND, "no enrollment has id " + enrollmentId));
        }
        Enrollment updated = current.withEnabled(enabled);
        byId.put(enrollmentId, updated);
        return audit.append(event).thenApply(entry -> updated);
    }

    /** Every enrollment; for {@link InMemoryRegistry}'s directory. */
    synchronized List<Enrollment> all() {
        return List.copyOf(byId.values());
    }
}
