package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainBreak;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import java.nio.file.Path;
import java.sql.SQLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditLogTest {

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
    void appended_entries_read_back_as_written() {
        AuditEvent event = event(1).withDetail("serial", "1f").withDetail("note", "a&b=c");

        AuditEntry appended = registry.auditLog().append(event).join();

        assertThat(registry.auditLog().entriesFrom(1, 10)).containsExactly(appended);
    }

    @Test
    void an_untouched_log_verifies_intact_up_to_its_head() {
        givenEntries(5);

        assertThat(verify()).isEqualTo(new ChainVerdict.Intact(5, registry.auditLog().head().orElseThrow().entryHash()));
    }

    @Test
    void a_reason_edited_with_raw_sql_breaks_the_chain_at_that_entry() throws Exception {
        givenEntries(5);

        fixture.rawUpdate("DROP TRIGGER audit_log_no_update",
                "UPDATE audit_log SET reason_code = 'FORGED' WHERE seq = 3");

        assertThat(verify()).isEqualTo(new ChainVerdict.Broken(3, ChainBreak.HASH_MISMATCH, 2));
    }

    @Test
    void a_row_deleted_with_raw_sql_is_named_as_deleted() throws Exception {
        givenEntries(5);

        fixture.rawUpdate("DROP TRIGGER audit_log_no_delete", "DELETE FROM audit_log WHERE seq = 2");

        assertThat(verify()).isEqualTo(new ChainVerdict.Broken(2, ChainBreak.ENTRY_DELETED, 1));
    }

    @Test
    void a_row_edited_into_an_invalid_event_still_reports_a_hash_mismatch() throws Exception {
        givenEntries(3);

        fixture.rawUpdate("DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET actor = '' WHERE seq = 2");

        assertThat(verify()).isEqualTo(new ChainVerdict.Broken(2, ChainBreak.HASH_MISMATCH, 1));
    }

    @Test
    void the_table_refuses_updates_while_its_triggers_are_in_place() {
        givenEntries(1);

        assertThatThrownBy(() -> fixture.rawUpdate("UPDATE audit_log SET reason_code = 'FORGED' WHERE seq = 1"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
    }

    @Test
    void appends_after_reopening_continue_the_chain() {
        givenEntries(3);
        registry.close();
        registry = fixture.open();

        registry.auditLog().append(event(4)).join();

        assertThat(verify()).isInstanceOf(ChainVerdict.Intact.class)
                .extracting(v -> ((ChainVerdict.Intact) v).count()).isEqualTo(4L);
    }

    @Test
    void a_second_writer_on_the_same_file_extends_the_same_chain() {
        // The CLI's allow and revoke open their own registry beside a running gateway.
        givenEntries(2);
        try (SqliteRegistry cli = fixture.open()) {
            cli.auditLog().append(event(3)).join();
        }

        registry.auditLog().append(event(4)).join();

        assertThat(verify()).isInstanceOfSatisfying(ChainVerdict.Intact.class, intact -> assertThat(intact.count()).isEqualTo(4));
    }

    private void givenEntries(int n) {
        for (int i = 1; i <= n; i++) {
            registry.auditLog().append(event(i)).join();
        }
    }

    private ChainVerdict verify() {
        return new AuditChainVerifier(registry.auditLog()).verify();
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of(NOW.plusMillis(i), "operator:carol", "device.approve", "sensor-" + i,
                AuditOutcome.SUCCESS, "OK");
    }
}
