package io.edgeprov.gateway.registry;

import io.edgeprov.gateway.audit.AuditEvent;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Every certificate the gateway issued, and its revocation.
 *
 * <p>Writes carry their audit event and complete only once both are durably committed in one
 * transaction, so a device is never answered before its certificate is on disk.
 */
public interface CertificateStore {

    /**
     * Records a newly issued certificate; fails with {@link RegistryFailure#SERIAL_ALREADY_USED} when the
     * serial was ever recorded and {@link RegistryFailure#DEVICE_UNKNOWN} when the device is not registered.
     */
    CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, AuditEvent audit);

    /**
     * Records a newly issued certificate together with its device's row as the issuance leaves it
     * (state, renewal count, attested keys), in one transaction: an issuance is one write, and the
     * device row never disagrees with the certificates on record. Fails as {@link #record(IssuedCertificate,
     * AuditEvent)} does, and then leaves the device row unchanged.
     */
    CompletableFuture<IssuedCertificate> record(IssuedCertificate certificate, DeviceRecord device, AuditEvent audit);

    /**
     * Revokes a certificate; fails with {@link RegistryFailure#NOT_FOUND} for an unknown serial and
     * {@link RegistryFailure#ALREADY_REVOKED} when it was revoked before.
     */
    CompletableFuture<IssuedCertificate> revoke(String serialHex, Revocation revocation, AuditEvent audit);

    /** Finds a certificate by its canonical serial. */
    Optional<IssuedCertificate> findBySerial(String serialHex);

    /** All certificates of a device, oldest first. */
    List<IssuedCertificate> findByDevice(String deviceId);

    /** Revoked certificates that had not expired at {@code at}: the content of a CRL built then. */
    List<IssuedCertificate> findRevokedUnexpired(Instant at);

    /** Certificates revoked at or after {@code since}, oldest revocation first. */
    List<IssuedCertificate> findRevokedSince(Instant since);

    /** The certificates in force at {@code at}: not expired then and not revoked. */
    ActiveCertificates active(Instant at);
}
