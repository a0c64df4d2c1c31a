package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.identity.RevocationStatus;
import io.edgeprov.gateway.core.registry.CertificateStore;
import java.util.Objects;

/**
 * Revocation status straight from the registry, so a revocation recorded by anyone (this gateway,
 * an offline {@code revoke}) is enforced at the next connect. A certificate the registry never
 * recorded is refused like a revoked one, under its own standing: the gateway records every
 * certificate before handing it out, so such a certificate was never legitimately issued.
 */
final class RegistryRevocationStatus implements RevocationStatus {
    private final CertificateStore certificates;

    RegistryRevocationStatus(CertificateStore certificates) {
        this.certificates = Objects.requireNonNull(certificates, "certificates");
    }

    @Override
    public boolean isRevoked(String serialHex) {
        return standing(serialHex) != Standing.GOOD;
    }

    @Override
    public Standing standing(String serialHex) {
        return certificates.findBySerial(serialHex)
                .map(certificate -> certificate.isRevoked() ? Standing.REVOKED : Standing.GOOD)
                .orElse(Standing.UNRECORDED);
    }
}
