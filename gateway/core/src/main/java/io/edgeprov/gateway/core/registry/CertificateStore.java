package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Every certificate the gateway issued, and its revocation, as recorded. Certificates are written only
 * through {@link RegistryCommands} (issue, revoke), each one transaction with its audit entry.
 */
public interface CertificateStore {

    /** Finds a certificate by its canonical serial. */
    Optional<CertificateRecord> findBySerial(String serialHex);

    /** All certificates of a device, oldest first. */
    List<CertificateRecord> findByDevice(String deviceId);

    /** Revoked certificates that had not expired at {@code at}: the content of a CRL built then. */
    List<CertificateRecord> findRevokedUnexpired(Instant at);

    /**
     * The same certificates as {@link #findRevokedUnexpired}, in the same order (revocation time, then
     * serial), as serials and revocations only: all a CRL needs. A store should answer this without
     * reading the certificates themselves; this default reads them.
     */
    default List<RevokedSerial> findRevokedSerialsUnexpired(Instant at) {
        return findRevokedUnexpired(at).stream().map(RevokedSerial::of).toList();
    }

    /** Certificates revoked at or after {@code since}, oldest revocation first. */
    List<CertificateRecord> findRevokedSince(Instant since);

    /** The certificates in force at {@code at}: not expired then and not revoked. */
    ActiveCertificates active(Instant at);
}
