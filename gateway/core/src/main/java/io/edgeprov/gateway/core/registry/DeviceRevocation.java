package io.edgeprov.gateway.core.registry;

import java.util.List;
import java.util.Objects;

/**
 * What a committed revocation did.
 *
 * @param revocation the decision as recorded
 * @param revoked the certificates it revoked, oldest first, as they now stand
 */
public record DeviceRevocation(RevocationRecord revocation, List<CertificateRecord> revoked) {
    public DeviceRevocation {
        Objects.requireNonNull(revocation, "revocation");
        revoked = List.copyOf(revoked);
    }
}
