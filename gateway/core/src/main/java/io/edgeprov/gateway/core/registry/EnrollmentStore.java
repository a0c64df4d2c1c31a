package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Individual and group enrollments.
 *
 * <p>Writes complete only once durably committed, together with the audit event they carry.
 */
public interface EnrollmentStore {

    /** Finds an enrollment by id. */
    Optional<Enrollment> findById(String enrollmentId);

    /** Finds the individual enrollment of a device serial, enabled or not. */
    Optional<Enrollment> findIndividualByDeviceId(String deviceId);

    /** Finds the individual enrollment of an EK, enabled or not. */
    Optional<Enrollment> findIndividualByEk(Sha256Digest ekPublicSha256);

    /** All group enrollments, enabled or not, ordered by id. */
    List<Enrollment> findGroups();

    /**
     * Adds an enrollment; fails with {@link RegistryFailure#ENROLLMENT_EXISTS} when the id, or for an
     * individual one the device id or EK hash, is taken.
     */
    CompletableFuture<Enrollment> add(Enrollment enrollment, AuditEvent audit);

    /** Enables or disables an enrollment; fails with {@link RegistryFailure#NOT_FOUND} when unknown. */
    CompletableFuture<Enrollment> setEnabled(String enrollmentId, boolean enabled, AuditEvent audit);
}
