package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.registry.GivenRecords;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.identity.RevocationStatus.Standing;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.contracts.device.RevocationReason;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryRevocationStatusTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final RegistryRevocationStatus status = new RegistryRevocationStatus(registry.certificates());

    @Test
    void a_recorded_unrevoked_certificate_is_good() {
        givenRecorded("a1");

        assertThat(status.standing("a1")).isEqualTo(Standing.GOOD);
        assertThat(status.isRevoked("a1")).isFalse();
    }

    @Test
    void a_revoked_certificate_is_revoked() {
        givenRecorded("a1");
        GivenRecords.revoked(registry, "dev-1", NOW, RevocationReason.KEY_COMPROMISE);

        assertThat(status.standing("a1")).isEqualTo(Standing.REVOKED);
        assertThat(status.isRevoked("a1")).isTrue();
    }

    @Test
    void a_serial_the_registry_never_recorded_is_unrecorded_and_never_good() {
        assertThat(status.standing("b2")).isEqualTo(Standing.UNRECORDED);
        assertThat(status.isRevoked("b2")).isTrue();
    }

    private void givenRecorded(String serial) {
        GivenRecords.issued(registry, new CertificateRecord(serial, "dev-1", NOW, NOW.plus(Duration.ofHours(24)),
                new byte[] {1}, NOW, Optional.empty()));
    }
}
