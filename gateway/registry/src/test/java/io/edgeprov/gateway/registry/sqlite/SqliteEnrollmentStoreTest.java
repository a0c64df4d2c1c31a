package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static io.edgeprov.gateway.registry.sqlite.SqliteCertificateStoreTest.thenFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteEnrollmentStoreTest {

    private static final Sha256Digest EK = Sha256Digest.of("ek public area".getBytes(StandardCharsets.US_ASCII));

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;
    private EnrollmentStore enrollments;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = fixture.open();
        enrollments = registry.enrollments();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void an_individual_enrollment_is_found_by_device_id_and_by_ek_hash() {
        Enrollment added = givenIndividual("e-1", "sensor-1", EK);

        assertThat(enrollments.findIndividualByDeviceId("sensor-1")).contains(added);
        assertThat(enrollments.findIndividualByEk(EK)).contains(added);
    }

    @Test
    void group_enrollments_are_listed_by_id() {
        Enrollment b = givenGroup("g-b");
        Enrollment a = givenGroup("g-a");

        assertThat(enrollments.findGroups()).containsExactly(a, b);
    }

    @Test
    void a_second_enrollment_of_the_same_ek_is_refused() {
        givenIndividual("e-1", "sensor-1", EK);

        thenFailsWith(RegistryFailure.ENROLLMENT_EXISTS, () -> givenIndividual("e-2", "sensor-2", EK));
    }

    @Test
    void a_disabled_enrollment_reads_back_disabled() {
        givenIndividual("e-1", "sensor-1", EK);

        Enrollment disabled = enrollments.setEnabled("e-1", false, event("enrollment.disable", "e-1")).join();

        assertThat(disabled.enabled()).isFalse();
        assertThat(enrollments.findById("e-1").orElseThrow().enabled()).isFalse();
    }

    @Test
    void disabling_an_unknown_enrollment_is_refused_as_not_found() {
        thenFailsWith(RegistryFailure.NOT_FOUND,
                () -> enrollments.setEnabled("nope", false, event("enrollment.disable", "nope")).join());
    }

    @Test
    void adding_an_enrollment_is_audited_with_its_actor() {
        givenIndividual("e-1", "sensor-1", EK);

        AuditEvent logged = registry.auditLog().head().orElseThrow().event();
        assertThat(logged.actor()).isEqualTo("technician:alice");
        assertThat(logged.target()).isEqualTo("e-1");
    }

    private Enrollment givenIndividual(String id, String deviceId, Sha256Digest ek) {
        Enrollment e = new Enrollment(id, new EnrollmentRule.Individual(deviceId, ek), true, "technician:alice", NOW);
        return enrollments.add(e, event("enrollment.add", id)).join();
    }

    private Enrollment givenGroup(String id) {
        Enrollment e = new Enrollment(id, new EnrollmentRule.Group("acme-roots", "ACME-[0-9]{6}"), true,
                "technician:alice", NOW);
        return enrollments.add(e, event("enrollment.add", id)).join();
    }

    private static AuditEvent event(String action, String target) {
        return AuditEvent.of(NOW, "technician:alice", action, target, AuditOutcome.SUCCESS, "OK");
    }
}
