package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.certificate;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.issued;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.withDevice;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.registry.ActiveCertificates;
import io.edgeprov.gateway.registry.CertificateStore;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.DeviceState;
import io.edgeprov.gateway.registry.IssuedCertificate;
import io.edgeprov.gateway.registry.RegistryException;
import io.edgeprov.gateway.registry.RegistryFailure;
import io.edgeprov.gateway.registry.Revocation;
import io.edgeprov.gateway.registry.RevocationReason;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteCertificateStoreTest {

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;
    private CertificateStore certificates;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = withDevice(fixture.open(), "sensor-1");
        certificates = registry.certificates();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void a_recorded_certificate_is_found_by_its_serial() {
        IssuedCertificate cert = certificate("1a2b3c4d5e6f7081", "sensor-1");

        certificates.record(cert, issued(cert.serialHex(), "sensor-1")).join();

        assertThat(certificates.findBySerial("1a2b3c4d5e6f7081")).contains(cert);
    }

    @Test
    void an_unknown_serial_is_not_found() {
        assertThat(certificates.findBySerial("abcdef")).isEmpty();
    }

    @Test
    void certificates_of_a_device_are_listed_oldest_first() {
        withDevice(registry, "sensor-2");
        IssuedCertificate first = certificate("a1", "sensor-1");
        IssuedCertificate later = new IssuedCertificate("b2", "sensor-1", NOW.plusSeconds(60), NOW.plusSeconds(3600),
                new byte[] {1}, NOW.plusSeconds(60), java.util.Optional.empty());
        certificates.record(later, issued("b2", "sensor-1")).join();
        certificates.record(first, issued("a1", "sensor-1")).join();
        certificates.record(certificate("c3", "sensor-2"), issued("c3", "sensor-2")).join();

        assertThat(certificates.findByDevice("sensor-1")).containsExactly(first, later);
    }

    @Test
    void a_reused_serial_is_refused_as_already_used() {
        certificates.record(certificate("77", "sensor-1"), issued("77", "sensor-1")).join();

        thenFailsWith(RegistryFailure.SERIAL_ALREADY_USED,
                () -> certificates.record(certificate("77", "sensor-1"), issued("77", "sensor-1")).join());
    }

    @Test
    void a_refused_certificate_leaves_no_audit_entry_behind() {
        certificates.record(certificate("77", "sensor-1"), issued("77", "sensor-1")).join();
        long entriesBefore = registry.auditLog().head().orElseThrow().sequence();

        certificates.record(certificate("77", "sensor-1"), issued("77", "sensor-1")).exceptionally(e -> null).join();

        assertThat(registry.auditLog().head().orElseThrow().sequence()).isEqualTo(entriesBefore);
    }

    @Test
    void a_certificate_recorded_with_its_device_row_writes_both() {
        DeviceRecord renewed = registry.devices().find("sensor-1").orElseThrow().withState(DeviceState.ACTIVE)
                .renewed().seenAt(NOW);

        certificates.record(certificate("d1", "sensor-1"), renewed, issued("d1", "sensor-1")).join();

        assertThat(certificates.findBySerial("d1")).isPresent();
        assertThat(registry.devices().find("sensor-1")).contains(renewed);
    }

    @Test
    void a_first_certificate_recorded_with_its_device_row_registers_the_device() {
        DeviceRecord fresh = DeviceRecord.pending("sensor-new").withState(DeviceState.ACTIVE).seenAt(NOW);

        certificates.record(certificate("e1", "sensor-new"), fresh, issued("e1", "sensor-new")).join();

        assertThat(registry.devices().find("sensor-new")).contains(fresh);
        assertThat(certificates.findByDevice("sensor-new")).hasSize(1);
    }

    @Test
    void a_refused_certificate_leaves_its_device_row_unchanged() {
        certificates.record(certificate("77", "sensor-1"), issued("77", "sensor-1")).join();
        DeviceRecord before = registry.devices().find("sensor-1").orElseThrow();

        thenFailsWith(RegistryFailure.SERIAL_ALREADY_USED, () -> certificates.record(certificate("77", "sensor-1"),
                before.withState(DeviceState.ACTIVE).renewed(), issued("77", "sensor-1")).join());

        assertThat(registry.devices().find("sensor-1")).contains(before);
    }

    @Test
    void a_device_row_of_another_device_is_refused_before_anything_is_written() {
        DeviceRecord other = DeviceRecord.pending("sensor-2");

        assertThatThrownBy(() -> certificates.record(certificate("f1", "sensor-1"), other, issued("f1", "sensor-1")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("sensor-2");
        assertThat(certificates.findBySerial("f1")).isEmpty();
        assertThat(registry.devices().find("sensor-2")).isEmpty();
    }

    @Test
    void a_certificate_for_an_unregistered_device_is_refused() {
        thenFailsWith(RegistryFailure.DEVICE_UNKNOWN,
                () -> certificates.record(certificate("99", "ghost"), issued("99", "ghost")).join());
    }

    @Test
    void recording_a_certificate_appends_its_audit_entry_in_the_same_commit() {
        certificates.record(certificate("5eed", "sensor-1"), issued("5eed", "sensor-1")).join();

        assertThat(registry.auditLog().head().orElseThrow().event().details()).containsEntry("serial", "5eed");
    }

    @Test
    void a_revoked_certificate_reads_back_with_when_and_why() {
        certificates.record(certificate("abc", "sensor-1"), issued("abc", "sensor-1")).join();
        Revocation revocation = new Revocation(NOW.plusSeconds(30), RevocationReason.KEY_COMPROMISE);

        certificates.revoke("abc", revocation, revoked("abc")).join();

        assertThat(certificates.findBySerial("abc").orElseThrow().revocation()).contains(revocation);
    }

    @Test
    void revoking_twice_is_refused_as_already_revoked() {
        certificates.record(certificate("abc", "sensor-1"), issued("abc", "sensor-1")).join();
        Revocation revocation = new Revocation(NOW, RevocationReason.SUPERSEDED);
        certificates.revoke("abc", revocation, revoked("abc")).join();

        thenFailsWith(RegistryFailure.ALREADY_REVOKED, () -> certificates.revoke("abc", revocation, revoked("abc")).join());
    }

    @Test
    void revoking_an_unknown_serial_is_refused_as_not_found() {
        thenFailsWith(RegistryFailure.NOT_FOUND, () -> certificates
                .revoke("dead", new Revocation(NOW, RevocationReason.UNSPECIFIED), revoked("dead")).join());
    }

    @Test
    void the_crl_content_holds_revoked_certificates_that_have_not_expired() {
        certificates.record(certificate("a", "sensor-1"), issued("a", "sensor-1")).join();
        certificates.record(certificate("b", "sensor-1"), issued("b", "sensor-1")).join();
        certificates.record(certificate("c", "sensor-1"), issued("c", "sensor-1")).join();
        certificates.revoke("a", new Revocation(NOW, RevocationReason.KEY_COMPROMISE), revoked("a")).join();
        certificates.revoke("b", new Revocation(NOW, RevocationReason.KEY_COMPROMISE), revoked("b")).join();

        assertThat(certificates.findRevokedUnexpired(NOW.plus(Duration.ofHours(1))))
                .extracting(IssuedCertificate::serialHex).containsExactly("a", "b");
        assertThat(certificates.findRevokedUnexpired(NOW.plus(Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void active_certificates_are_those_neither_expired_nor_revoked_and_the_oldest_is_named_by_its_not_before() {
        givenCertificate("a", NOW.minus(Duration.ofHours(20)), Duration.ofHours(24));
        givenCertificate("b", NOW.minus(Duration.ofHours(2)), Duration.ofHours(24));
        givenCertificate("c", NOW.minus(Duration.ofHours(30)), Duration.ofHours(24));
        givenCertificate("d", NOW.minus(Duration.ofHours(23)), Duration.ofHours(24));
        certificates.revoke("d", new Revocation(NOW, RevocationReason.KEY_COMPROMISE), revoked("d")).join();

        assertThat(certificates.active(NOW))
                .isEqualTo(new ActiveCertificates(2, Optional.of(NOW.minus(Duration.ofHours(20)))));
        assertThat(certificates.active(NOW.plus(Duration.ofHours(4)))).as("once a expired")
                .isEqualTo(new ActiveCertificates(1, Optional.of(NOW.minus(Duration.ofHours(2)))));
        assertThat(certificates.active(NOW.plus(Duration.ofDays(2)))).isEqualTo(ActiveCertificates.none());
    }

    @Test
    void reading_the_active_certificates_walks_only_the_active_certificate_index() throws Exception {
        assertThat(fixture.rawPlan(SqliteCertificateStore.ACTIVE))
                .contains("USING COVERING INDEX certificate_active_by_expiry").doesNotContain("SCAN certificate\n");
    }

    @Test
    void revocations_since_a_time_are_listed_oldest_first_without_the_older_ones() {
        certificates.record(certificate("a", "sensor-1"), issued("a", "sensor-1")).join();
        certificates.record(certificate("b", "sensor-1"), issued("b", "sensor-1")).join();
        certificates.record(certificate("c", "sensor-1"), issued("c", "sensor-1")).join();
        certificates.revoke("a", new Revocation(NOW, RevocationReason.KEY_COMPROMISE), revoked("a")).join();
        certificates.revoke("c", new Revocation(NOW.plusSeconds(20), RevocationReason.SUPERSEDED), revoked("c")).join();
        certificates.revoke("b", new Revocation(NOW.plusSeconds(10), RevocationReason.SUPERSEDED), revoked("b")).join();

        assertThat(certificates.findRevokedSince(NOW.plusSeconds(10))).extracting(IssuedCertificate::serialHex)
                .containsExactly("b", "c");
        assertThat(certificates.findRevokedSince(NOW.plusSeconds(21))).isEmpty();
    }

    @Test
    void looking_for_new_revocations_walks_only_the_revoked_certificate_index() throws Exception {
        assertThat(fixture.rawPlan(SqliteCertificateStore.REVOKED_SINCE))
                .contains("certificate_revoked_by_time").doesNotContain("SCAN certificate\n");
    }

    private void givenCertificate(String serial, Instant notBefore, Duration lifetime) {
        certificates.record(new IssuedCertificate(serial, "sensor-1", notBefore, notBefore.plus(lifetime),
                new byte[] {1}, notBefore, Optional.empty()), issued(serial, "sensor-1")).join();
    }

    private static AuditEvent revoked(String serial) {
        return AuditEvent.of(NOW, "operator:bob", "certificate.revoke", serial, AuditOutcome.SUCCESS, "OK");
    }

    static void thenFailsWith(RegistryFailure failure, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(failure);
    }
}
