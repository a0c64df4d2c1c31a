package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainBreak;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteAuditReaderTest {

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
    void verifies_the_chain_of_a_registry_that_is_open_and_writing() {
        try (SqliteRegistry live = fixture.open()) {
            givenEntries(live, 4);
            try (SqliteAuditReader reader = SqliteAuditReader.open(fixture.file())) {
                assertThat(new AuditChainVerifier(reader).verify())
                        .isEqualTo(new ChainVerdict.Intact(4, live.auditLog().head().orElseThrow().entryHash()));
            }
        }
    }

    @Test
    void names_the_first_broken_entry_of_a_tampered_file() throws Exception {
        try (SqliteRegistry live = fixture.open()) {
            givenEntries(live, 4);
        }
        fixture.rawUpdate("DROP TRIGGER audit_log_no_update", "UPDATE audit_log SET target = 'other' WHERE seq = 2");

        try (SqliteAuditReader reader = SqliteAuditReader.open(fixture.file())) {
            assertThat(new AuditChainVerifier(reader).verify()).isEqualTo(new ChainVerdict.Broken(2, ChainBreak.HASH_MISMATCH, 1));
        }
    }

    @Test
    void refuses_to_append() {
        fixture.open().close();

        try (SqliteAuditReader reader = SqliteAuditReader.open(fixture.file())) {
            assertThat(reader.append(event(1))).isCompletedExceptionally();
        }
    }

    @Test
    void refuses_a_missing_file_naming_it() {
        Path missing = folder.resolve("missing.db");

        assertThatThrownBy(() -> SqliteAuditReader.open(missing)).isInstanceOf(RegistryException.class)
                .hasMessageContaining("missing.db")
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(RegistryFailure.STORAGE_ERROR);
    }

    private static void givenEntries(SqliteRegistry registry, int n) {
        for (int i = 1; i <= n; i++) {
            registry.auditLog().append(event(i)).join();
        }
    }

    private static AuditEvent event(int i) {
        return AuditEvent.of(NOW.plusMillis(i), "auditor:dan", "audit.verify", "registry", AuditOutcome.SUCCESS, "OK");
    }
}
