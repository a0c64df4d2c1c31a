package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.RegistryCommands;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.IssuedCertificate;
import io.edgeprov.pki.PkiException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The one way a certificate leaves the gateway: signed by the CA, then recorded with its device row
 * change and audit entry in one registry command, and only then handed out. The registry refuses the
 * record when the device was revoked or disabled by then, and the certificate is never seen.
 */
final class CertificateIssuer {
    private final CertificateAuthority authority;
    private final RegistryCommands commands;
    private final EnrollmentPolicy policy;
    private final List<byte[]> chainDer;

    CertificateIssuer(CertificateAuthority authority, RegistryCommands commands, EnrollmentPolicy policy) {
        this.authority = authority;
        this.commands = commands;
        this.policy = policy;
        this.chainDer = encode(authority.chain());
    }

    CompletableFuture<CertificateRecord> issue(String deviceId, PublicKey key, DeviceChange change, Instant now,
            String action) {
        IssuedCertificate issued;
        try {
            issued = authority.issue(new IssuanceRequest(deviceId, key, Optional.of(policy.certificateLifetime())));
        } catch (PkiException e) {
            return CompletableFuture.failedFuture(e);
        }
        CertificateRecord record = new CertificateRecord(issued.serialHex(), deviceId, issued.notBefore(),
                issued.notAfter(), issued.der(), now, Optional.empty());
        AuditEvent event = AuditEvent.of(now, deviceId, action, deviceId, AuditOutcome.SUCCESS, "OK")
                .withDetail("serial", issued.serialHex())
                .withDetail("notAfter", issued.notAfter().toString());
        return commands.issue(new IssueCertificate(record, change, event));
    }

    /** What the device receives: its certificate, the chain, and when to renew. */
    CredentialBundle bundle(ClientToken token, CertificateRecord recorded) {
        return new CredentialBundle(token, recorded.der(), chainDer, recorded.notAfter(),
                DeviceCertificateProfile.renewAfter(recorded.notBefore(), recorded.notAfter()));
    }

    private static List<byte[]> encode(List<X509Certificate> chain) {
        try {
            List<byte[]> out = new ArrayList<>();
            for (X509Certificate certificate : chain) {
                out.add(certificate.getEncoded());
            }
            return List.copyOf(out);
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("the CA chain cannot be encoded", e);
        }
    }
}
