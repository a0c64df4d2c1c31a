package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.audit.InMemoryAuditLog;
import io.edgeprov.gateway.identity.RevocationStatus.Standing;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.InMemoryCertificateStore;
import io.edgeprov.gateway.registry.InMemoryDeviceStore;
import io.edgeprov.gateway.registry.IssuedCertificate;
import io.edgeprov.gateway.registry.Revocation;
import io.edgeprov.gateway.registry.RevocationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryRevocationStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    private final InMemoryCertificateStore certificates = new InMemoryCertificateStore(devices, new InMemoryAuditLog());
    private final RegistryRevocationStatus status = new RegistryRevocationStatus(certificates);

    @Test
    void a_recorded_unrevoked_certificate_is_good() {
        givenRecorded("a1");

        assertThat(status.standing("a1")).isEqualTo(Standing.GOOD);
        assertThat(status.isRevoked("a1")).isFalse();
    }

    @Test
    void a_revoked_certificate_is_revoked() {
        givenRecorded("a1");
        certificates.revoke("a1", new Revocation(NOW, RevocationReason.KEY_COMPROMISE), event("certificate.revoke")).join();

        assertThat(status.standing("a1")).isEqualTo(Standing.REVOKED);
        assertThat(status.isRevoked("a1")).isTrue();
    }

    @Test
    void a_serial_the_registry_never_recorded_is_unrecorded_and_never_good() {
        assertThat(status.standing("b2")).isEqualTo(Standing.UNRECORDED);
        assertThat(status.isRevoked("b2")).isTrue();
    }

    private void givenRecorded(String serial) {
        devices.save(DeviceRecord.pending("dev-1")).join();
        certificates.record(new IssuedCertificate(serial, "dev-1", NOW, NOW.plus(Duration.ofHours(24)), new byte[] {1}, NOW,
                Optional.empty()), event("certificate.issue")).join();
    }

    private static AuditEvent event(String action) {
        return AuditEvent.of(NOW, "gateway", action, "dev-1", AuditOutcome.SUCCESS, "OK");
    }
}
