package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditVerifyCommandTest {
    @TempDir
    static Path shared;
    static Path config;

    @TempDir
    Path folder;

    @BeforeAll
    static void given_a_gateway_with_three_audited_changes() throws Exception {
        config = GivenGateway.initialized(shared.resolve("gw"));
        for (int i = 1; i <= 3; i++) {
            CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--device", "dev-" + i,
                    "--ek-sha256", String.valueOf(i).repeat(64));
            assertThat(outcome.exit()).as(outcome.all()).isZero();
        }
    }

    @Test
    void audit_verify_reports_an_intact_chain_with_its_length_and_head() {
        CliRun.Outcome outcome = CliRun.run("audit", "verify", "--config", config.toString());

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(outcome.out()).matches("intact: 3 entries, head [0-9a-f]{64}\\R");
    }

    @Test
    void audit_verify_names_an_edited_entry_and_exits_1() throws Exception {
        Path copy = givenTamperedCopy("UPDATE audit_log SET target = 'someone-else' WHERE seq = 2");

        CliRun.Outcome outcome = CliRun.run("audit", "verify", "--db", copy.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out()).contains("broken: entry 2: HASH_MISMATCH").contains("the 1 entries before it verify");
    }

    @Test
    void audit_verify_without_config_or_db_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("audit", "verify");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--config").contains("--db");
    }

    /**
     * Raw SQL on a copy of the registry, as an intruder with file access would run it, the append-only
     * trigger dropped first; the copy keeps the shared registry intact for the other tests.
     */
    private Path givenTamperedCopy(String update) throws Exception {
        Path copy = folder.resolve("tampered.db");
        Files.copy(config.resolveSibling("data").resolve("registry.db"), copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
            s.executeUpdate("DROP TRIGGER audit_log_no_update");
            s.executeUpdate(update);
        }
        return copy;
    }
}
