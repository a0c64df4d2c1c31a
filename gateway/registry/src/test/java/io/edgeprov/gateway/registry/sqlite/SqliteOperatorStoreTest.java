package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Operators in table {@code operator} (schema V6). */
class SqliteOperatorStoreTest {
    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = fixture.open();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void an_operator_reads_back_by_name_and_by_certificate_with_its_audit_entry() {
        Operator alice = operator("alice", Sha256Digest.of(new byte[] {1}));

        registry.operators().add(alice, added(alice)).join();

        assertThat(registry.operators().findByName("alice")).contains(alice);
        assertThat(registry.operators().findByCertificate(alice.certificateSha256())).contains(alice);
        assertThat(registry.operators().all()).containsExactly(alice);
        assertThat(registry.auditLog().head().orElseThrow().event().action()).isEqualTo("operator.add");
    }

    @Test
    void a_name_or_certificate_registered_twice_is_refused_and_leaves_no_audit_entry() {
        Operator alice = operator("alice", Sha256Digest.of(new byte[] {1}));
        registry.operators().add(alice, added(alice)).join();
        long entries = registry.auditLog().head().orElseThrow().sequence();

        SqliteCertificateStoreTest.thenFailsWith(RegistryFailure.OPERATOR_EXISTS, () -> registry.operators()
                .add(operator("alice", Sha256Digest.of(new byte[] {2})), added(alice)).join());
        SqliteCertificateStoreTest.thenFailsWith(RegistryFailure.OPERATOR_EXISTS, () -> registry.operators()
                .add(operator("bob", alice.certificateSha256()), added(alice)).join());
        assertThat(registry.auditLog().head().orElseThrow().sequence()).isEqualTo(entries);
    }

    @Test
    void an_operator_survives_a_reopen() {
        Operator alice = operator("alice", Sha256Digest.of(new byte[] {1}));
        registry.operators().add(alice, added(alice)).join();
        registry.close();

        registry = fixture.open();

        assertThat(registry.operators().findByName("alice")).contains(alice);
    }

    private static Operator operator(String name, Sha256Digest certificate) {
        return new Operator(name, OperatorRole.OPERATOR, certificate, true, "local:root", NOW);
    }

    private static AuditEvent added(Operator operator) {
        return AuditEvent.of(NOW, "local:root", "operator.add", operator.actor(), AuditOutcome.SUCCESS, "OK");
    }
}
