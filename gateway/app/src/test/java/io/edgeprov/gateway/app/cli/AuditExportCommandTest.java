package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditExportCommandTest {
    private static final Pattern HEAD = Pattern.compile("head ([0-9a-f]{64})");

    @TempDir
    static Path shared;
    static Path config;
    static Path database;

    @TempDir
    Path folder;

    @BeforeAll
    static void given_a_gateway_with_four_audited_changes() throws Exception {
        config = GivenGateway.initialized(shared.resolve("gw"));
        database = config.resolveSibling("data").resolve("registry.db");
        for (int i = 1; i <= 4; i++) {
            CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--device", "dev-" + i,
                    "--ek-sha256", String.valueOf(i).repeat(64));
            assertThat(outcome.exit()).as(outcome.all()).isZero();
        }
    }

    @Test
    void an_export_holds_one_line_per_entry_with_every_field_as_stored_and_verifies_offline() throws Exception {
        Path out = folder.resolve("audit.jsonl");

        CliRun.Outcome export = CliRun.run("audit", "export", "--config", config.toString(), "--out", out.toString());

        assertThat(export.exit()).as(export.all()).isZero();
        assertThat(export.out()).contains("exported 4 entries (1..4)").contains("intact: anchor " + "0".repeat(64));
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).startsWith("{\"seq\":1,\"at\":\"").contains("\"actor\":", "\"action\":", "\"target\":",
                "\"outcome\":", "\"reasonCode\":", "\"details\":{", "\"previousHash\":\"" + "0".repeat(64) + "\"",
                "\"entryHash\":\"");
        assertThat(lines.stream().map(AuditJsonLines::parse).toList()).isEqualTo(stored());
        CliRun.Outcome verify = CliRun.run("audit", "verify", "--export", out.toString());
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(verify.out()).startsWith("intact: entries 1..4 (4 entries), anchor " + "0".repeat(64))
                .contains("head " + headOf(CliRun.run("audit", "verify", "--config", config.toString()).out()));
    }

    @Test
    void a_range_is_anchored_by_its_first_previous_hash_and_the_next_range_continues_the_last() {
        Path first = folder.resolve("1-2.jsonl");
        Path second = folder.resolve("3-4.jsonl");
        CliRun.run("audit", "export", "--db", database.toString(), "--out", first.toString(), "--to", "2");
        CliRun.Outcome export = CliRun.run("audit", "export", "--db", database.toString(), "--out", second.toString(),
                "--from", "3");
        assertThat(export.exit()).as(export.all()).isZero();
        String firstHead = headOf(CliRun.run("audit", "verify", "--export", first.toString()).out());

        CliRun.Outcome continued = CliRun.run("audit", "verify", "--export", second.toString(), "--anchor", firstHead);
        CliRun.Outcome elsewhere = CliRun.run("audit", "verify", "--export", second.toString(), "--anchor", "ab".repeat(32));

        assertThat(continued.exit()).as(continued.all()).isZero();
        assertThat(continued.out()).startsWith("intact: entries 3..4 (2 entries), anchor " + firstHead);
        assertThat(elsewhere.exit()).isEqualTo(1);
        assertThat(elsewhere.out()).contains("broken: entry 3 (line 1): PREVIOUS_HASH_MISMATCH");
    }

    @Test
    void an_edited_line_is_named_with_its_entry_and_line() throws Exception {
        Path out = givenExport();
        replaceLine(out, 1, line -> line.replaceFirst("\"target\":\"[^\"]*\"", "\"target\":\"someone-else\""));

        CliRun.Outcome verify = CliRun.run("audit", "verify", "--export", out.toString());

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("broken: entry 2 (line 2): HASH_MISMATCH").contains("the 1 entries before it verify");
    }

    @Test
    void a_removed_line_is_reported_as_a_deleted_entry() throws Exception {
        Path out = givenExport();
        List<String> lines = new ArrayList<>(Files.readAllLines(out));
        lines.remove(2);
        Files.write(out, lines);

        CliRun.Outcome verify = CliRun.run("audit", "verify", "--export", out.toString());

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("broken: entry 3 (line 3): ENTRY_DELETED");
    }

    @Test
    void a_field_the_hash_does_not_cover_makes_the_line_unreadable() throws Exception {
        Path out = givenExport();
        replaceLine(out, 0, line -> line.replace("{\"seq\":1,", "{\"note\":\"harmless\",\"seq\":1,"));

        CliRun.Outcome verify = CliRun.run("audit", "verify", "--export", out.toString());

        assertThat(verify.exit()).isEqualTo(1);
        assertThat(verify.out()).contains("broken: line 1: not an audit entry (fields must be exactly");
    }

    @Test
    void a_stored_row_holding_key_material_is_exported_as_an_unreadable_placeholder_never_verbatim() throws Exception {
        Path copy = folder.resolve("copy.db");
        Files.copy(database, copy);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO audit_log VALUES (5, '2026-01-01T00:00:00Z', 'intruder', 'x', 'y', 'SUCCESS',"
                    + " 'OK', 'detail=-----BEGIN%20PRIVATE%20KEY-----MIGHAgEAMBMG', zeroblob(32), zeroblob(32))");
        }
        Path out = folder.resolve("copy.jsonl");

        CliRun.Outcome export = CliRun.run("audit", "export", "--db", copy.toString(), "--out", out.toString());

        assertThat(export.exit()).isEqualTo(1);
        assertThat(export.out()).contains("broken: entry 5: PREVIOUS_HASH_MISMATCH");
        assertThat(Files.readString(out)).doesNotContain("BEGIN").doesNotContain("MIGHAgEAMBMG")
                .contains("audit.unreadable-row");
    }

    @Test
    void an_export_never_overwrites_a_file_and_refuses_a_range_that_is_not_stored() throws Exception {
        Path existing = Files.writeString(folder.resolve("old.jsonl"), "keep me");

        CliRun.Outcome overwrite = CliRun.run("audit", "export", "--db", database.toString(), "--out", existing.toString());
        CliRun.Outcome beyond = CliRun.run("audit", "export", "--db", database.toString(), "--out",
                folder.resolve("none.jsonl").toString(), "--from", "99");

        assertThat(overwrite.exit()).isEqualTo(2);
        assertThat(Files.readString(existing)).isEqualTo("keep me");
        assertThat(beyond.exit()).isEqualTo(1);
        assertThat(beyond.err()).contains("the log holds 1..4");
        assertThat(folder.resolve("none.jsonl")).doesNotExist();
    }

    private Path givenExport() {
        Path out = folder.resolve("audit.jsonl");
        CliRun.Outcome export = CliRun.run("audit", "export", "--db", database.toString(), "--out", out.toString());
        assertThat(export.exit()).as(export.all()).isZero();
        return out;
    }

    private static void replaceLine(Path file, int index, java.util.function.UnaryOperator<String> edit) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(file));
        String edited = edit.apply(lines.get(index));
        assertThat(edited).as("the edit applies").isNotEqualTo(lines.get(index));
        lines.set(index, edited);
        Files.write(file, lines);
    }

    private static List<AuditEntry> stored() {
        try (SqliteAuditReader reader = SqliteAuditReader.open(database)) {
            return reader.entriesFrom(1, 100);
        }
    }

    private static String headOf(String output) {
        Matcher m = HEAD.matcher(output);
        assertThat(m.find()).as("a head in: %s", output).isTrue();
        return m.group(1);
    }
}
