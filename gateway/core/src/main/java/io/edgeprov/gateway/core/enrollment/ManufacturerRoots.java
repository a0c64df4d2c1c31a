package io.edgeprov.gateway.core.enrollment;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The trusted TPM manufacturer roots a group enrollment names by bundle id. Roots only: the intermediate CAs
 * between a root and an EK certificate come from the device, in its begin, and are trusted only through a root.
 */
@FunctionalInterface
public interface ManufacturerRoots {

    /** The roots of the bundle, or empty when no such bundle is configured. */
    Optional<List<X509Certificate>> roots(String bundleId);

    /** A fixed set of bundles, copied. */
    /**
     * The bundles configured now, so a TPM no enrollment admits can still be recognised as genuine (the pending
     * queue); empty when the implementation cannot list them.
     */
    default List<String> bundleIds() {
        return List.of();
    }

    static ManufacturerRoots of(Map<String, List<X509Certificate>> bundles) {
        Map<String, List<X509Certificate>> copy = Map.copyOf(bundles.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> List.copyOf(e.getValue()))));
        return new ManufacturerRoots() {
            @Override
            public Optional<List<X509Certificate>> roots(String bundleId) {
                return Optional.ofNullable(copy.get(bundleId)).filter(list -> !list.isEmpty());
            }

            @Override
            public List<String> bundleIds() {
                return copy.keySet().stream().sorted().toList();
            }
        };
    }

    /** No bundles at all: only individual enrollments can succeed. */
    static ManufacturerRoots none() {
        return bundleId -> Optional.empty();
    }
}
