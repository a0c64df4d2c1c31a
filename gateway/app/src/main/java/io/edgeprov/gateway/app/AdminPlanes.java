package io.edgeprov.gateway.app;

import io.edgeprov.gateway.admin.AdminPlane;
import io.edgeprov.gateway.admin.GatewayVitals;
import io.edgeprov.gateway.admin.Revocations;
import io.edgeprov.gateway.core.onboarding.OnboardDevices;
import io.edgeprov.gateway.core.onboarding.PendingApprovals;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.contracts.device.RevocationReason;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Assembles the admin plane (issue 14) from the registry and the core: kept out of {@link GatewayApplication} so
 * that class only hands the plane to the embedded front end.
 */
final class AdminPlanes {
    private AdminPlanes() {
    }

    static AdminPlane build(GatewayCore core, SqliteRegistry registry, Clock clock) {
        Revocations revocations = new Revocations() {
            @Override
            public io.edgeprov.gateway.core.revocation.RevocationPreview preview(
                    io.edgeprov.gateway.core.operator.Principal actor, io.edgeprov.gateway.core.revocation.RevocationTarget target) {
                return core.revocation.preview(actor, target);
            }

            @Override
            public io.edgeprov.gateway.core.revocation.BatchRevocationOutcome revoke(
                    io.edgeprov.gateway.core.operator.Principal actor, io.edgeprov.gateway.core.revocation.RevocationTarget target,
                    RevocationReason reason, Optional<String> note) {
                return core.revocation.revoke(actor, target, reason, note);
            }
        };
        GatewayVitals vitals = new GatewayVitals() {
            @Override
            public long outboxDepth() {
                return registry.revocations().outboxDepth();
            }

            @Override
            public Optional<Long> syncLagSeconds() {
                return registry.revocations().oldestPending().map(t -> Duration.between(t, clock.instant()).toSeconds());
            }
        };
        AdminPlane plane = AdminPlane.builder()
                .operators(registry.operators())
                .auditLog(registry.auditLog())
                .clock(clock)
                .fleet(registry.fleetQueries())
                .pending(registry.pendingDevices())
                .approvals(new PendingApprovals(registry.pendingDevices(), registry.enrollments(), registry.devices(),
                        registry.auditLog(), clock))
                .onboarding(new OnboardDevices(registry.enrollments(), registry.devices(), registry.auditLog(), clock))
                .enrollments(registry.enrollments())
                .certificates(registry.certificates())
                .revocations(revocations)
                .vitals(vitals)
                .build();
        // Revocations made anywhere (CLI beside the gateway, fleet sync, the plane itself) change the console's rows.
        core.revocation.addListener(new RevocationListener() {
            @Override
            public void crlPublished(io.edgeprov.pki.crl.SignedCrl crl) {
            }

            @Override
            public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
                plane.devicesChanged(List.of(deviceId));
            }
        });
        return plane;
    }
}
