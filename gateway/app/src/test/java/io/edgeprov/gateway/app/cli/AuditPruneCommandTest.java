package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditPruneCommandTest {
    private static final Pattern HEAD = Pattern.compile("head ([0-9a-f]{64})");

    @TempDir
    static Path shared;
    static Path template;

    @TempDir
    Path folder;
    private Path config;

    @BeforeAll
    static void given_a_gateway_with_five_audited_changes() throws Exception {
        Path config = GivenGateway.initialized(shared.resolve("gw"));
        for (int i = 1; i <= 5; i++) {
            CliRun.Outcome outcome = CliRun.run("allow", "--config", config.toString(), "--device", "dev-" + i,
                    "--ek-sha256", String.valueOf(i).repeat(64));
            assertThat(outcome.exit()).as(outcome.all()).isZero();
        }
        template = config.getParent();
    }

    /** Each test prunes its own copy of the gateway folder (its data folder is relative to the config). */
    @BeforeEach
    void given_a_copy_of_the_gateway() throws IOException {
        Path copy = folder.resolve("gw");
        try (Stream<Path> files = Files.walk(template)) {
            files.forEach(source -> copy(source, copy.resolve(template.relativize(source).toString())));
        }
        config = copy.resolve("gateway.yaml");
    }

    @Test
    void a_prune_with_an_export_that_holds_the_range_deletes_it_and_verify_starts_at_its_anchor() {
        Path archive = export("1-3.jsonl", "--to", "3");
        String archivedHead = headOf(run("audit", "verify", "--export", archive.toString()).out());

        CliRun.Outcome prune = run("audit", "prune", "--config", config.toString(), "--before", "4", "--exported",
                archive.toString());

        assertThat(prune.exit()).as(prune.all()).isZero();
        assertThat(prune.out()).contains("pruned entries 1..3 (3 exported in").contains("after anchor " + archivedHead)
                .contains("the prune is entry 6");
        CliRun.Outcome verify = run("audit", "verify", "--config", config.toString());
        assertThat(verify.exit()).as(verify.all()).isZero();
        assertThat(verify.out()).startsWith("intact: 3 entries (4..6, after the prune anchor " + archivedHead + ")");
        Path rest = export("4-6.jsonl");
        CliRun.Outcome continued = run("audit", "verify", "--export", rest.toString(), "--anchor", archivedHead);
        assertThat(continued.exit()).as(continued.all()).isZero();
        assertThat(continued.out()).startsWith("intact: entries 4..6 (3 entries)");
    }

    @Test
    void a_prune_is_refused_when_the_export_does_not_verify() throws Exception {
        Path archive = export("1-3.jsonl", "--to", "3");
        List<String> lines = new ArrayList<>(Files.readAllLines(archive));
        lines.set(1, lines.get(1).replaceFirst("\"target\":\"[^\"]*\"", "\"target\":\"someone-else\""));
        Files.write(archive, lines);

        thenRefusedWithNothingDeleted(archive, "4", "does not verify");
    }

    @Test
    void a_prune_is_refused_when_the_export_does_not_hold_every_entry_to_delete() {
        Path archive = export("2-3.jsonl", "--from", "2", "--to", "3");

        thenRefusedWithNothingDeleted(archive, "4", "holds entries 2..3; deleting needs 1..3");
    }

    @Test
    void a_prune_is_refused_when_the_export_is_another_logs() throws Exception {
        Path foreign = folder.resolve("foreign.jsonl");
        List<String> lines = new ArrayList<>();
        Sha256Digest previous = Sha256Digest.zero();
        for (int i = 1; i <= 3; i++) {
            AuditEntry entry = AuditEntry.chain(i, AuditEvent.of(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i),
                    "local:someone", "enrollment.add", "dev-" + i, AuditOutcome.SUCCESS, "OK"), previous);
            lines.add(AuditJsonLines.line(entry));
            previous = entry.entryHash();
        }
        Files.write(foreign, lines);

        thenRefusedWithNothingDeleted(foreign, "4", "is not the one the export holds");
    }

    @Test
    void a_prune_is_refused_when_it_would_reach_the_head() {
        Path archive = export("all.jsonl");

        thenRefusedWithNothingDeleted(archive, "6", "the head always stays");
    }

    private void thenRefusedWithNothingDeleted(Path archive, String before, String why) {
        CliRun.Outcome prune = run("audit", "prune", "--config", config.toString(), "--before", before, "--exported",
                archive.toString());

        assertThat(prune.exit()).as(prune.all()).isEqualTo(1);
        assertThat(prune.err()).contains("refused: ").contains(why);
        assertThat(run("audit", "verify", "--config", config.toString()).out()).startsWith("intact: 5 entries, head");
    }

    private Path export(String name, String... range) {
        Path out = folder.resolve(name);
        List<String> args = new ArrayList<>(List.of("audit", "export", "--config", config.toString(), "--out", out.toString()));
        args.addAll(List.of(range));
        CliRun.Outcome export = run(args.toArray(String[]::new));
        assertThat(export.exit()).as(export.all()).isZero();
        return out;
    }

    private static CliRun.Outcome run(String... args) {
        return CliRun.run(args);
    }

    private static void copy(Path source, Path target) {
        try {
            if (Files.isDirectory(source)) {
                Files.createDirectories(target);
            } else {
                Files.copy(source, target);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String headOf(String output) {
        Matcher m = HEAD.matcher(output);
        assertThat(m.find()).as("a head in: %s", output).isTrue();
        return m.group(1);
    }
}
