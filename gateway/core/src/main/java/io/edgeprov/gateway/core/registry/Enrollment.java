package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Objects;

/**
 * A technician's permission for a device or a group of devices to enroll.
 *
 * @param enrollmentId unique id of this enrollment
 * @param rule which TPMs it admits
 * @param enabled whether it currently admits anything
 * @param createdBy the actor who created it
 * @param createdAt when it was created (stored to the millisecond)
 */
public record Enrollment(String enrollmentId, EnrollmentRule rule, boolean enabled, String createdBy,
        Instant createdAt) {

    public Enrollment {
        Checks.text(enrollmentId, "enrollmentId", 128);
        Objects.requireNonNull(rule, "rule");
        Checks.text(createdBy, "createdBy", 128);
        createdAt = Checks.millis(createdAt, "createdAt");
    }

    /** The same enrollment with the enabled flag set as given. */
    public Enrollment withEnabled(boolean value) {
        return new Enrollment(enrollmentId, rule, value, createdBy, createdAt);
    }
}
