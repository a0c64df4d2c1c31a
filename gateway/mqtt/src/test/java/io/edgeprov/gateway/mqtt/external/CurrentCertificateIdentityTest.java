package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.mqtt.external.RequestRoute;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class CurrentCertificateIdentityTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private static final String DEVICE = "dev-1";

    private final List<CertificateRecord> held = new ArrayList<>();
    private final CurrentCertificateIdentity resolver = new CurrentCertificateIdentity(
            (who, topic, payload) -> CompletableFuture.completedFuture(Optional.empty()), store(), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void unknown_serial_becomes_the_newest_certificate_that_is_neither_revoked_nor_expired() {
        givenCertificate("a1", Duration.ofHours(3), false);
        givenCertificate("a2", Duration.ofHours(2), false);
        givenCertificate("a3", Duration.ofHours(1), true);

        assertThat(resolver.resolve(unknownSerial())).isEqualTo(new ClientIdentity.Device(DEVICE, "a2"));
    }

    @Test
    void an_expired_certificate_is_not_current() {
        givenCertificate("b1", Duration.ofHours(30), false);
        givenCertificate("b2", Duration.ofHours(2), false);
        givenExpiredCertificate("b3");

        assertThat(resolver.resolve(unknownSerial())).isEqualTo(new ClientIdentity.Device(DEVICE, "b2"));
    }

    @Test
    void a_device_whose_certificates_are_all_revoked_is_handed_on_with_its_newest_so_renewal_says_revoked() {
        givenCertificate("c1", Duration.ofHours(2), true);
        givenCertificate("c2", Duration.ofHours(1), true);

        assertThat(resolver.resolve(unknownSerial())).isEqualTo(new ClientIdentity.Device(DEVICE, "c2"));
    }

    @Test
    void a_device_without_certificates_keeps_the_unknown_serial() {
        assertThat(resolver.resolve(unknownSerial())).isEqualTo(unknownSerial());
    }

    @Test
    void a_serial_the_transport_did_prove_is_kept() {
        givenCertificate("d1", Duration.ofHours(1), false);

        assertThat(resolver.resolve(new ClientIdentity.Device(DEVICE, "ff"))).isEqualTo(new ClientIdentity.Device(DEVICE, "ff"));
    }

    @Test
    void an_unenrolled_client_is_kept() {
        givenCertificate("e1", Duration.ofHours(1), false);

        assertThat(resolver.resolve(new ClientIdentity.Unenrolled(DEVICE))).isEqualTo(new ClientIdentity.Unenrolled(DEVICE));
    }

    private static ClientIdentity unknownSerial() {
        return new ClientIdentity.Device(DEVICE, RequestRoute.UNKNOWN_SERIAL);
    }

    private void givenCertificate(String serial, Duration issuedAgo, boolean revoked) {
        Instant issued = NOW.minus(issuedAgo);
        CertificateRecord certificate = new CertificateRecord(serial, DEVICE, issued, issued.plus(Duration.ofHours(24)),
                new byte[] {1}, issued, Optional.empty());
        held.add(revoked ? certificate.revoked(new Revocation(NOW, RevocationReason.KEY_COMPROMISE)) : certificate);
    }

    private void givenExpiredCertificate(String serial) {
        Instant issued = NOW.minus(Duration.ofMinutes(30));
        held.add(new CertificateRecord(serial, DEVICE, issued.minus(Duration.ofHours(2)), NOW.minusSeconds(1),
                new byte[] {1}, issued, Optional.empty()));
    }

    private CertificateStore store() {
        return new CertificateStore() {
            @Override
            public Optional<CertificateRecord> findBySerial(String serialHex) {
                return held.stream().filter(c -> c.serialHex().equals(serialHex)).findFirst();
            }

            @Override
            public List<CertificateRecord> findByDevice(String deviceId) {
                return held.stream().filter(c -> c.deviceId().equals(deviceId)).toList();
            }

            @Override
            public List<CertificateRecord> findRevokedUnexpired(Instant at) {
                return held.stream().filter(CertificateRecord::isRevoked).toList();
            }

            @Override
            public List<CertificateRecord> findRevokedSince(Instant since) {
                return held.stream().filter(CertificateRecord::isRevoked).toList();
            }

            @Override
            public io.edgeprov.gateway.core.registry.ActiveCertificates active(Instant at) {
                throw new UnsupportedOperationException("not read in this test");
            }
        };
    }
}
