package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.audit.ChainWalk;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Writes a range of the audit log as JSON Lines ({@link AuditJsonLines}), read-only, so it runs beside a live
 * gateway; the range ends at the head as it was when the export started. The range is checked while it is
 * written, and the file appears only once complete (written beside it, then moved into place).
 */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Write audit entries as JSON Lines (one entry per line), to archive them and check them offline",
            "with: audit verify --export FILE. Reads only, so it can run while the gateway runs.",
            "Exit 0 when the range verifies, 1 when it does not (the file is still written: it is the evidence)."})
final class AuditExportCommand implements Callable<Integer> {
    private static final int PAGE = 1_000;

    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Source source;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "The file to write; must not exist.")
    Path out;

    @Option(names = "--from", paramLabel = "SEQ", description = "First entry to export (default: the first stored).")
    Long from;

    @Option(names = "--to", paramLabel = "SEQ", description = "Last entry to export (default: the head when the export starts).")
    Long to;

    static final class Source {
        @Option(names = "--config", paramLabel = "FILE", description = "The gateway.yaml whose registry to export.")
        Path config;

        @Option(names = "--db", paramLabel = "FILE", description = "The registry database file to export.")
        Path db;
    }

    @Override
    public Integer call() throws Exception {
        if ((from != null && from < 1) || (to != null && to < 1) || (from != null && to != null && to < from)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--from and --to must be at least 1, --to not before --from");
        }
        if (Files.exists(out)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--out: " + out + " exists; an export never overwrites");
        }
        Path database = source.db != null ? source.db : CliSupport.registryFile(CliSupport.loadConfig(spec, source.config));
        if (source.db != null && !Files.isRegularFile(database)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--db: no file at " + database);
        }
        PrintWriter console = spec.commandLine().getOut();
        try (SqliteAuditReader reader = SqliteAuditReader.open(database)) {
            Optional<AuditEntry> head = reader.head();
            List<AuditEntry> oldest = reader.entriesFrom(1, 1);
            if (head.isEmpty() || oldest.isEmpty()) {
                spec.commandLine().getErr().println("error: the audit log is empty; nothing to export");
                return 1;
            }
            long first = from != null ? from : oldest.get(0).sequence();
            long last = Math.min(to != null ? to : head.get().sequence(), head.get().sequence());
            if (first < oldest.get(0).sequence() || first > last) {
                spec.commandLine().getErr().printf("error: entries %d..%d are not stored; the log holds %d..%d%n", first,
                        to != null ? to : last, oldest.get(0).sequence(), head.get().sequence());
                return 1;
            }
            return export(reader, first, last, console);
        }
    }

    private int export(SqliteAuditReader reader, long first, long last, PrintWriter console) throws Exception {
        Path partial = out.resolveSibling(out.getFileName() + ".partial");
        ChainWalk walk = null;
        Sha256Digest anchor = null;
        Optional<ChainVerdict.Broken> broken = Optional.empty();
        long written = 0;
        try (BufferedWriter file = Files.newBufferedWriter(partial, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW)) {
            long next = first;
            while (next <= last) {
                List<AuditEntry> page = reader.entriesFrom(next, PAGE);
                for (AuditEntry entry : page) {
                    if (entry.sequence() > last) {
                        break;
                    }
                    if (walk == null) {
                        anchor = entry.sequence() == 1 ? Sha256Digest.zero() : entry.previousHash();
                        walk = ChainWalk.after(first, anchor);
                    }
                    if (broken.isEmpty()) {
                        broken = walk.next(entry);
                    }
                    file.write(AuditJsonLines.line(entry));
                    file.newLine();
                    written++;
                    next = entry.sequence() + 1;
                }
                if (page.size() < PAGE) {
                    break;
                }
            }
        } catch (Exception e) {
            Files.deleteIfExists(partial);
            throw e;
        }
        if (walk == null) {
            Files.deleteIfExists(partial);
            spec.commandLine().getErr().printf("error: entries %d..%d are missing from the log%n", first, last);
            return 1;
        }
        Files.move(partial, out, StandardCopyOption.ATOMIC_MOVE);
        ChainVerdict verdict = broken.isPresent() ? broken.get() : walk.end(last);
        console.printf("exported %d entries (%d..%d) to %s%n", written, first, last, out);
        if (verdict instanceof ChainVerdict.Broken b) {
            console.printf("broken: entry %d: %s (%s); the %d entries before it verify%n", b.sequence(), b.reason(),
                    AuditCommand.explain(b.reason()), b.verifiedBefore());
            console.flush();
            return 1;
        }
        console.printf("intact: anchor %s (previousHash of entry %d), head %s%n", anchor.hex(), first,
                ((ChainVerdict.Intact) verdict).headHash().hex());
        console.flush();
        return 0;
    }
}
