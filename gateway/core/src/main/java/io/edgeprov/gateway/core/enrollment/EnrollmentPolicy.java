package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.pki.DeviceCertificateProfile;
import java.time.Duration;
import java.util.Objects;

/**
 * The knobs of enrollment and renewal.
 *
 * @param challengeTtl how long a challenge stays answerable (1 s to 10 min)
 * @param certificateLifetime lifetime of issued device certificates, within the certificate profile's bounds
 * @param renewalsBeforeReattestation renewals allowed after a full attestation before another is required (at least 1)
 * @param reattestationAge how long after a full attestation a renewal is still accepted (positive)
 */
public record EnrollmentPolicy(Duration challengeTtl, Duration certificateLifetime, int renewalsBeforeReattestation,
        Duration reattestationAge) {

    /** Longest challenge lifetime: a device needs seconds, an attacker gains from minutes. */
    public static final Duration MAX_CHALLENGE_TTL = Duration.ofMinutes(10);

    public EnrollmentPolicy {
        Objects.requireNonNull(challengeTtl, "challengeTtl");
        if (challengeTtl.compareTo(Duration.ofSeconds(1)) < 0 || challengeTtl.compareTo(MAX_CHALLENGE_TTL) > 0) {
            throw new IllegalArgumentException("challengeTtl must be between 1 s and " + MAX_CHALLENGE_TTL
                    + ", got " + challengeTtl);
        }
        Objects.requireNonNull(certificateLifetime, "certificateLifetime");
        DeviceCertificateProfile.checkLifetime(certificateLifetime);
        if (renewalsBeforeReattestation < 1) {
            throw new IllegalArgumentException("renewalsBeforeReattestation must be at least 1, got "
                    + renewalsBeforeReattestation);
        }
        Objects.requireNonNull(reattestationAge, "reattestationAge");
        if (reattestationAge.isNegative() || reattestationAge.isZero()) {
            throw new IllegalArgumentException("reattestationAge must be positive, got " + reattestationAge);
        }
    }

    /** Two-minute challenges, 24 h certificates, re-attestation after 30 renewals or 30 days. */
    public static EnrollmentPolicy defaults() {
        return new EnrollmentPolicy(Duration.ofMinutes(2), DeviceCertificateProfile.DEFAULT_LIFETIME, 30,
                Duration.ofDays(30));
    }
}
