package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.certificate;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.issued;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.record;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.revoke;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.registry.ActiveCertificates;
import io.edgeprov.gateway.core.registry.AttestedKeys;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceChange;
import io.edgeprov.gateway.core.registry.IssueCertificate;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.Revocation;
import io.edgeprov.gateway.core.registry.RevokedSerial;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
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

/** The certificate table as the SQLite registry reads and writes it (writes go through its domain commands). */
class SqliteCertificateStoreTest {

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;
    private CertificateStore certificates;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = fixture.open();
        certificates = registry.certificates();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void a_recorded_certificate_is_found_by_its_serial() {
        CertificateRecord cert = certificate("1a2b3c4d5e6f7081", "sensor-1");

        record(registry, cert);

        assertThat(certificates.findBySerial("1a2b3c4d5e6f7081")).contains(cert);
    }

    @Test
    void an_unknown_serial_is_not_found() {
        assertThat(certificates.findBySerial("abcdef")).isEmpty();
    }

    @Test
    void certificates_of_a_device_are_listed_oldest_first() {
        CertificateRecord first = certificate("a1", "sensor-1");
        CertificateRecord later = new CertificateRecord("b2", "sensor-1", NOW.plusSeconds(60), NOW.plusSeconds(3600),
                new byte[] {1}, NOW.plusSeconds(60), Optional.empty());
        record(registry, later);
        record(registry, first);
        record(registry, certificate("c3", "sensor-2"));

        assertThat(certificates.findByDevice("sensor-1")).containsExactly(first, later);
    }

    @Test
    void a_refused_certificate_leaves_no_audit_entry_behind() {
        record(registry, certificate("77", "sensor-1"));
        long entriesBefore = registry.auditLog().head().orElseThrow().sequence();

        thenFailsWith(RegistryFailure.SERIAL_ALREADY_USED, () -> record(registry, certificate("77", "sensor-1")));

        assertThat(registry.auditLog().head().orElseThrow().sequence()).isEqualTo(entriesBefore);
    }

    @Test
    void a_first_certificate_registers_its_device() {
        record(registry, certificate("e1", "sensor-new"));

        assertThat(registry.devices().find("sensor-new")).isPresent();
        assertThat(certificates.findByDevice("sensor-new")).hasSize(1);
    }

    @Test
    void recording_a_certificate_appends_its_audit_entry_in_the_same_commit() {
        record(registry, certificate("5eed", "sensor-1"));

        assertThat(registry.auditLog().head().orElseThrow().event().details()).containsEntry("serial", "5eed");
    }

    @Test
    void a_revoked_certificate_reads_back_with_when_and_why() {
        record(registry, certificate("abc", "sensor-1"));

        revoke(registry, "sensor-1", NOW.plusSeconds(30), RevocationReason.KEY_COMPROMISE);

        assertThat(certificates.findBySerial("abc").orElseThrow().revocation())
                .contains(new Revocation(NOW.plusSeconds(30), RevocationReason.KEY_COMPROMISE));
    }

    @Test
    void revoking_a_device_twice_is_refused_as_nothing_to_revoke() {
        record(registry, certificate("abc", "sensor-1"));
        revoke(registry, "sensor-1", NOW, RevocationReason.SUPERSEDED);

        thenFailsWith(RegistryFailure.NOTHING_TO_REVOKE, () -> revoke(registry, "sensor-1", NOW, RevocationReason.SUPERSEDED));
    }

    @Test
    void the_crl_content_holds_revoked_certificates_that_have_not_expired() {
        record(registry, certificate("a", "sensor-1"));
        record(registry, certificate("b", "sensor-1"));
        record(registry, certificate("c", "sensor-2"));
        revoke(registry, "sensor-1", NOW, RevocationReason.KEY_COMPROMISE);

        assertThat(certificates.findRevokedUnexpired(NOW.plus(Duration.ofHours(1))))
                .extracting(CertificateRecord::serialHex).containsExactly("a", "b");
        assertThat(certificates.findRevokedUnexpired(NOW.plus(Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void the_crl_serials_are_those_of_the_crl_content_in_the_same_order() {
        record(registry, certificate("b", "sensor-1"));
        record(registry, certificate("a", "sensor-1"));
        record(registry, certificate("c", "sensor-2"));
        record(registry, certificate("d", "sensor-3"));
        revoke(registry, "sensor-2", NOW.minusSeconds(10), RevocationReason.CESSATION_OF_OPERATION);
        revoke(registry, "sensor-1", NOW, RevocationReason.KEY_COMPROMISE);

        assertThat(certificates.findRevokedSerialsUnexpired(NOW.plus(Duration.ofHours(1)))).containsExactly(
                new RevokedSerial("c", new Revocation(NOW.minusSeconds(10), RevocationReason.CESSATION_OF_OPERATION)),
                new RevokedSerial("a", new Revocation(NOW, RevocationReason.KEY_COMPROMISE)),
                new RevokedSerial("b", new Revocation(NOW, RevocationReason.KEY_COMPROMISE)));
        assertThat(certificates.findRevokedSerialsUnexpired(NOW.plus(Duration.ofHours(1))))
                .isEqualTo(certificates.findRevokedUnexpired(NOW.plus(Duration.ofHours(1))).stream().map(RevokedSerial::of).toList());
        assertThat(certificates.findRevokedSerialsUnexpired(NOW.plus(Duration.ofHours(25)))).isEmpty();
    }

    @Test
    void reading_the_crl_serials_walks_only_the_crl_entry_index_without_sorting() throws Exception {
        assertThat(fixture.rawPlan(SqliteCertificateStore.REVOKED_SERIALS_UNEXPIRED))
                .contains("USING COVERING INDEX certificate_crl_entries").doesNotContain("TEMP B-TREE")
                .doesNotContain("SCAN certificate\n");
    }

    @Test
    void active_certificates_are_those_neither_expired_nor_revoked_and_the_oldest_is_named_by_its_not_before() {
        givenCertificate("a", "sensor-a", NOW.minus(Duration.ofHours(20)), Duration.ofHours(24));
        givenCertificate("b", "sensor-b", NOW.minus(Duration.ofHours(2)), Duration.ofHours(24));
        givenCertificate("c", "sensor-c", NOW.minus(Duration.ofHours(30)), Duration.ofHours(24));
        givenCertificate("d", "sensor-d", NOW.minus(Duration.ofHours(23)), Duration.ofHours(24));
        revoke(registry, "sensor-d", NOW, RevocationReason.KEY_COMPROMISE);

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
        record(registry, certificate("a", "sensor-a"));
        record(registry, certificate("b", "sensor-b"));
        record(registry, certificate("c", "sensor-c"));
        revoke(registry, "sensor-a", NOW, RevocationReason.KEY_COMPROMISE);
        revoke(registry, "sensor-c", NOW.plusSeconds(20), RevocationReason.SUPERSEDED);
        revoke(registry, "sensor-b", NOW.plusSeconds(10), RevocationReason.SUPERSEDED);

        assertThat(certificates.findRevokedSince(NOW.plusSeconds(10))).extracting(CertificateRecord::serialHex)
                .containsExactly("b", "c");
        assertThat(certificates.findRevokedSince(NOW.plusSeconds(21))).isEmpty();
    }

    @Test
    void looking_for_new_revocations_walks_only_the_revoked_certificate_index() throws Exception {
        assertThat(fixture.rawPlan(SqliteCertificateStore.REVOKED_SINCE))
                .contains("certificate_crl_entries").doesNotContain("SCAN certificate\n");
    }

    @Test
    void a_revoked_certificate_points_at_the_decision_that_revoked_it() throws Exception {
        record(registry, certificate("abc", "sensor-1"));

        String event = revoke(registry, "sensor-1", NOW, RevocationReason.KEY_COMPROMISE).revocation().eventId().value();

        assertThat(fixture.rawLong("SELECT COUNT(*) FROM certificate WHERE revocation_event = ?", event)).isEqualTo(1);
    }

    private void givenCertificate(String serial, String deviceId, Instant notBefore, Duration lifetime) {
        registry.commands().issue(new IssueCertificate(new CertificateRecord(serial, deviceId, notBefore,
                notBefore.plus(lifetime), new byte[] {1}, notBefore, Optional.empty()), new DeviceChange.Attested(notBefore,
                new AttestedKeys(Sha256Digest.of(new byte[] {7}), new byte[] {0, 2, 0, 1})), issued(serial, deviceId))).join();
    }

    static void thenFailsWith(RegistryFailure failure, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(failure);
    }
}
