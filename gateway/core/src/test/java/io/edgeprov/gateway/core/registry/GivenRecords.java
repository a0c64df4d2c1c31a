package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Optional;

/** Given-steps that put rows in any registry through its domain commands, as the gateway writes them. */
public final class GivenRecords {
    /** The attested keys recorded with a given certificate. */
    public static final AttestedKeys KEYS = new AttestedKeys(Sha256Digest.of(new byte[] {7}), new byte[] {0, 2, 0, 1});
    private static final SecureRandom RANDOM = new SecureRandom();

    private GivenRecords() {
    }

    /** Records {@code certificate} as a full attestation issues it: the device active (created if new), one audit entry. */
    public static CertificateRecord issued(RegistryCommands commands, CertificateRecord certificate) {
        return commands.issue(new IssueCertificate(certificate, new DeviceChange.Attested(certificate.issuedAt(), KEYS),
                AuditEvent.of(certificate.issuedAt(), "gateway", "certificate.issue", certificate.deviceId(),
                        AuditOutcome.SUCCESS, "OK").withDetail("serial", certificate.serialHex()))).join();
    }

    /** Revokes the device at {@code at} as an operator of this gateway. */
    public static DeviceRevocation revoked(RegistryCommands commands, String deviceId, Instant at, RevocationReason reason) {
        return commands.revoke(new RevokeDevice(RevocationEventId.random(RANDOM), deviceId, reason, at, "operator:test",
                Optional.empty())).join();
    }
}
