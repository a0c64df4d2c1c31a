package io.edgeprov.pki;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What every device certificate this gateway issues looks like. The subject a CSR asks for is
 * never used: the profile names the device from its id alone.
 *
 * @param naming                 the fleet's naming rules (subject base, SAN URI)
 * @param lifetime               default certificate lifetime (24 h by default)
 * @param allowedKeys            device key types the CA accepts
 * @param crlDistributionPoints  where relying parties fetch the CRL; at least one
 */
public record DeviceCertificateProfile(
        FleetNaming naming, Duration lifetime, Set<KeyAlgorithm> allowedKeys, List<URI> crlDistributionPoints) {

    public static final Duration MIN_LIFETIME = Duration.ofMinutes(5);
    public static final Duration MAX_LIFETIME = Duration.ofDays(30);
    public static final Duration DEFAULT_LIFETIME = Duration.ofHours(24);
    public static final Set<KeyAlgorithm> DEFAULT_KEYS = Set.copyOf(EnumSet.allOf(KeyAlgorithm.class));

    public DeviceCertificateProfile {
        Objects.requireNonNull(naming, "naming");
        checkLifetime(lifetime);
        if (allowedKeys == null || allowedKeys.isEmpty()) {
            throw new IllegalArgumentException("allowedKeys must name at least one key type");
        }
        allowedKeys = Set.copyOf(allowedKeys);
        if (crlDistributionPoints == null || crlDistributionPoints.isEmpty()) {
            throw new IllegalArgumentException("a device certificate needs at least one CRL distribution point");
        }
        crlDistributionPoints = List.copyOf(crlDistributionPoints);
        for (URI uri : crlDistributionPoints) {
            if (!uri.isAbsolute()) {
                throw new IllegalArgumentException("CRL distribution point must be an absolute URI: " + uri);
            }
        }
    }

    /** The defaults: 24 h, every supported key type, one CRL distribution point. */
    public static DeviceCertificateProfile defaults(FleetNaming naming, URI crlDistributionPoint) {
        return new DeviceCertificateProfile(naming, DEFAULT_LIFETIME, DEFAULT_KEYS, List.of(crlDistributionPoint));
    }

    /** A copy with another default lifetime. */
    public DeviceCertificateProfile withLifetime(Duration newLifetime) {
        return new DeviceCertificateProfile(naming, newLifetime, allowedKeys, crlDistributionPoints);
    }

    /** Refuses a lifetime outside what the profile allows (5 minutes to 30 days). */
    public static void checkLifetime(Duration lifetime) {
        if (lifetime == null || lifetime.compareTo(MIN_LIFETIME) < 0 || lifetime.compareTo(MAX_LIFETIME) > 0) {
            throw new IllegalArgumentException("certificate lifetime must be between " + MIN_LIFETIME.toMinutes()
                    + " minutes and " + MAX_LIFETIME.toDays() + " days, was " + lifetime);
        }
    }

    /** When a device should start renewing: two thirds into the certificate's life. */
    public static Instant renewAfter(Instant notBefore, Instant notAfter) {
        Duration life = Duration.between(notBefore, notAfter);
        return notBefore.plus(life.multipliedBy(2).dividedBy(3));
    }
}
