package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AllowCommandTest {
    private static final String EK_A = "a".repeat(64);
    private static final String EK_B = "b".repeat(64);
    private static final String EK_C = "c".repeat(64);

    @TempDir
    static Path shared;
    static Path config;

    @TempDir
    Path folder;

    @BeforeAll
    static void given_an_initialized_gateway() throws Exception {
        config = GivenGateway.initialized(shared.resolve("gw"));
    }

    @Test
    void allow_from_csv_reports_each_line_by_number() throws Exception {
        Path csv = givenCsv("deviceId,ekSha256", "csv-1," + EK_A, "csv-2,not-hex", "csv-1," + EK_B, "bad/id," + EK_C, "csv-3," + EK_C);

        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--csv", csv.toString());

        assertThat(outcome.out())
                .contains("line 2: added csv-1")
                .contains("line 3: invalid csv-2: EK SHA-256 must be 64 hex digits")
                .contains("line 4: duplicate csv-1")
                .contains("line 5: invalid bad/id: ")
                .contains("line 6: added csv-3")
                .contains("2 added, 1 duplicate, 2 invalid");
        assertThat(outcome.exit()).isEqualTo(1);
    }

    @Test
    void allow_from_csv_reports_devices_already_in_the_registry_as_duplicates() throws Exception {
        CliRun.run("allow", "--config", config.toString(), "--device", "dup-1", "--ek-sha256", "1".repeat(64));

        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--csv", givenCsv("dup-1," + "2".repeat(64)).toString());

        assertThat(outcome.out()).contains("line 1: duplicate dup-1 (device or EK is already allowed)");
        assertThat(outcome.exit()).isZero();
    }

    @Test
    void allow_device_writes_an_audit_entry_naming_the_operator() throws Exception {
        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--device", "aud-1", "--ek-sha256", "3".repeat(64));

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        try (SqliteAuditReader reader = SqliteAuditReader.open(config.resolveSibling("data").resolve("registry.db"))) {
            List<AuditEntry> entries = reader.entriesFrom(1, 10_000);
            assertThat(entries).anySatisfy(entry -> {
                assertThat(entry.event().target()).isEqualTo("aud-1");
                assertThat(entry.event().action()).isEqualTo("enrollment.add");
                assertThat(entry.event().actor()).startsWith("local:");
            });
        }
    }

    @Test
    void allow_disable_by_device_id_disables_its_enrollment() {
        CliRun.run("allow", "--config", config.toString(), "--device", "off-1", "--ek-sha256", "4".repeat(64));

        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--disable", "off-1");

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(outcome.out()).contains("disabled: enrollment device-off-1");
    }

    @Test
    void allow_group_adds_the_group_and_keeps_its_manufacturer_roots_in_the_data_folder() throws Exception {
        Path roots = config.resolveSibling("fleet-root.pem");

        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--group", "acme-lot-7", "--roots",
                roots.toString(), "--serial-pattern", "ACME-7-[0-9]{6}");

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(outcome.out()).contains("added: group acme-lot-7 (enrollment group-acme-lot-7)");
        assertThat(config.resolveSibling("data").resolve("manufacturer-roots").resolve("acme-lot-7.pem")).hasSameBinaryContentAs(roots);
    }

    @Test
    void allow_group_with_a_bad_serial_pattern_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--group", "g1", "--roots",
                config.resolveSibling("fleet-root.pem").toString(), "--serial-pattern", "ACME-[0-9");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--serial-pattern is not a valid regular expression");
    }

    @Test
    void allow_without_a_mode_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("give exactly one of");
    }

    @Test
    void allow_device_with_a_short_ek_hash_is_a_usage_error_naming_the_option() {
        CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--device", "d1", "--ek-sha256", "abcd");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--ek-sha256: EK SHA-256 must be 64 hex digits, got 4 characters");
    }

    @Test
    void allow_with_a_missing_config_file_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("allow", "--config", folder.resolve("none.yaml").toString(), "--disable", "x");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--config: no file at");
    }

    private Path givenCsv(String... lines) throws Exception {
        Path csv = Files.createTempFile(folder, "allow", ".csv");
        Files.write(csv, List.of(lines));
        return csv;
    }
}
