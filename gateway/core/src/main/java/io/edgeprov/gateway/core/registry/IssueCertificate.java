package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.audit.AuditEvent;
import java.util.Objects;

/**
 * Record a certificate just signed, with the change it makes to its device's row and its audit event.
 *
 * @param certificate the certificate, unrevoked
 * @param change what the issuance does to the device: a full attestation or one more renewal
 * @param audit the audit event committed with it
 */
public record IssueCertificate(CertificateRecord certificate, DeviceChange change, AuditEvent audit) {
    public IssueCertificate {
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(change, "change");
        Objects.requireNonNull(audit, "audit");
        if (certificate.isRevoked()) {
            throw new IllegalArgumentException("a certificate is recorded unrevoked; revoke it afterwards");
        }
    }

    public String deviceId() {
        return certificate.deviceId();
    }
}
