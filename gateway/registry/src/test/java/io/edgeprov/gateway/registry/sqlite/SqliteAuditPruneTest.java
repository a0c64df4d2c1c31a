package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainBreak;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditPruneTest {
    private static final Sha256Digest EXPORT = Sha256Digest.of(new byte[] {42});

    @TempDir
    Path folder;

    private RegistryFixture fixture;

    @BeforeEach
    void create_fixture() {
        fixture = new RegistryFixture(folder);
    }

    @AfterEach
    void close_fixture() throws InterruptedException {
        fixture.close();
    }

    @Test
    void a_prune_deletes_the_oldest_entries_keeps_an_anchor_and_audits_itself_and_the_chain_verifies_from_there() {
        try (SqliteRegistry registry = fixture.open()) {
            givenEntries(registry, 6);
            Sha256Digest third = hashOf(registry, 3);

            AuditEntry pruned = registry.pruneAudit(3, third, EXPORT, "local:admin").join();

            assertThat(pruned.sequence()).isEqualTo(7);
            assertThat(pruned.event().action()).isEqualTo(AuditAnchor.PRUNE_ACTION);
            assertThat(pruned.event().details()).containsEntry("through", "3").containsEntry("entries", "3")
                    .containsEntry("anchorHash", third.hex()).containsEntry("exportSha256", EXPORT.hex());
            assertThat(registry.auditLog().entriesFrom(1, 100)).extracting(AuditEntry::sequence)
                    .containsExactly(4L, 5L, 6L, 7L);
            assertThat(registry.auditLog().anchor()).contains(new AuditAnchor(3, third));
            registry.auditLog().append(event(8)).join();
        }
        try (SqliteAuditReader reader = SqliteAuditReader.open(fixture.file())) {
            assertThat(new AuditChainVerifier(reader).verify(8)).isInstanceOfSatisfying(ChainVerdict.Intact.class,
                    intact -> assertThat(intact.count()).isEqualTo(5));
        }
    }

    @Test
    void a_second_prune_starts_where_the_first_left_off() {
        try (SqliteRegistry registry = fixture.open()) {
            givenEntries(registry, 6);
            registry.pruneAudit(2, hashOf(registry, 2), EXPORT, "local:admin").join();

            registry.pruneAudit(5, hashOf(registry, 5), EXPORT, "local:admin").join();

            assertThat(registry.auditLog().entriesFrom(1, 100)).extracting(AuditEntry::sequence).containsExactly(6L, 7L, 8L);
            assertThat(new AuditChainVerifier(registry.auditLog()).verify()).isInstanceOf(ChainVerdict.Intact.class);
        }
    }

    @Test
    void a_prune_is_refused_and_changes_nothing_when_the_export_holds_another_entry_the_head_or_nothing_stored() {
        try (SqliteRegistry registry = fixture.open()) {
            givenEntries(registry, 4);
            registry.pruneAudit(1, hashOf(registry, 1), EXPORT, "local:admin").join();

            thenRefused(registry, 3, Sha256Digest.of(new byte[] {9}), "hash differs");
            thenRefused(registry, 5, hashOf(registry, 5), "the head always stays");
            thenRefused(registry, 1, hashOf(registry, 2), "not stored");
            assertThat(registry.auditLog().entriesFrom(1, 100)).extracting(AuditEntry::sequence)
                    .containsExactly(2L, 3L, 4L, 5L);
        }
    }

    @Test
    void a_delete_outside_a_prune_is_still_refused_by_the_database() {
        try (SqliteRegistry registry = fixture.open()) {
            givenEntries(registry, 4);
            registry.pruneAudit(2, hashOf(registry, 2), EXPORT, "local:admin").join();
        }

        assertThatThrownBy(() -> fixture.rawUpdate("DELETE FROM audit_log WHERE seq = 3"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> fixture.rawUpdate("DELETE FROM audit_anchor"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    @Test
    void entries_deleted_behind_a_forged_anchor_are_caught_since_no_prune_entry_names_it() throws Exception {
        try (SqliteRegistry registry = fixture.open()) {
            givenEntries(registry, 5);
        }
        String third = fixture.rawHex("SELECT hex(entry_hash) FROM audit_log WHERE seq = 3");
        fixture.rawUpdate("DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq <= 3",
                "INSERT INTO audit_anchor VALUES (3, x'" + third + "', '2026-01-01T00:00:00Z', zeroblob(32))");

        try (SqliteAuditReader reader = SqliteAuditReader.open(fixture.file())) {
            assertThat(new AuditChainVerifier(reader).verify())
                    .isEqualTo(new ChainVerdict.Broken(4, ChainBreak.ANCHOR_UNRECORDED, 0));
        }
    }

    private static void thenRefused(SqliteRegistry registry, long through, Sha256Digest hash, String why) {
        assertThatThrownBy(() -> registry.pruneAudit(through, hash, EXPORT, "local:admin").join())
                .isInstanceOf(CompletionException.class).cause().isInstanceOf(RegistryException.class)
                .hasMessageContaining(why)
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(RegistryFailure.AUDIT_PRUNE_REFUSED);
    }

    private static Sha256Digest hashOf(SqliteRegistry registry, long sequence) {
        return registry.auditLog().entriesFrom(sequence, 1).get(0).entryHash();
    }

    private static void givenEntries(SqliteRegistry registry, int n) {
        for (int i = 1; i <= n; i++) {
            registry.auditLog().append(event(i)).join();
        }
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of(NOW.plusMillis(i), "gateway", "certificate.issue", "dev-" + i, AuditOutcome.SUCCESS, "OK");
    }
}
