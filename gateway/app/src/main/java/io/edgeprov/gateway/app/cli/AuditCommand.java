package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainBreak;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The audit log's commands: {@code verify} (the database or an export), {@code export} and {@code prune}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit log.",
        subcommands = {AuditCommand.Verify.class, AuditExportCommand.class, AuditPruneCommand.class})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(),
                "name a subcommand: audit verify --config FILE, audit export --config FILE --out FILE,"
                        + " audit prune --config FILE --before SEQ --exported FILE");
    }

    static String explain(ChainBreak reason) {
        return switch (reason) {
            case HASH_MISMATCH -> "its stored hash does not match its fields: a field was edited";
            case PREVIOUS_HASH_MISMATCH -> "it does not link to the entry before: an entry was replaced or inserted";
            case SEQUENCE_GAP -> "sequence numbers skip or repeat while the hashes link: numbering was edited";
            case ENTRY_DELETED -> "one or more entries are missing";
            case ANCHOR_UNRECORDED -> "the log starts after a prune anchor that no audit.prune entry names:"
                    + " older entries were deleted outside audit prune";
        };
    }

    /**
     * Walks the hash chain read-only (safe beside a running gateway) and names the first broken entry; or
     * checks an export file offline, from its anchor.
     */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the audit log's hash chain, or an export of it; exit 0 when intact, 1 naming the first",
                "broken entry. Reads only, so it can run while the gateway runs."})
    public static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--known-head", paramLabel = "N", defaultValue = "0",
                description = "A sequence number seen before (a printout, upstream): a shorter chain is reported as deleted entries.")
        long knownHead;

        @Option(names = "--anchor", paramLabel = "HEX",
                description = {"With --export: the hash the export must continue from (the head of the previous export);",
                    "without it, the first line's previousHash anchors the range."})
        String anchor;

        static final class Source {
            @Option(names = "--config", paramLabel = "FILE", description = "The gateway.yaml whose registry to check.")
            Path config;

            @Option(names = "--db", paramLabel = "FILE", description = "The registry database file to check.")
            Path db;

            @Option(names = "--export", paramLabel = "FILE", description = "An audit export (JSON Lines) to check offline.")
            Path export;
        }

        @Override
        public Integer call() throws Exception {
            if (knownHead < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--known-head must not be negative");
            }
            if (anchor != null && source.export == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--anchor goes with --export");
            }
            if (source.export != null) {
                return verifyExport();
            }
            Path database = source.db != null ? source.db : CliSupport.registryFile(CliSupport.loadConfig(spec, source.config));
            if (source.db != null && !Files.isRegularFile(database)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db: no file at " + database);
            }
            PrintWriter console = spec.commandLine().getOut();
            ChainVerdict verdict;
            Optional<AuditAnchor> anchor;
            try (SqliteAuditReader reader = SqliteAuditReader.open(database)) {
                verdict = new AuditChainVerifier(reader).verify(knownHead);
                anchor = reader.anchor();
            }
            if (verdict instanceof ChainVerdict.Intact intact) {
                if (anchor.isPresent()) {
                    long first = anchor.get().sequence() + 1;
                    console.printf("intact: %d entries (%d..%d, after the prune anchor %s), head %s%n", intact.count(),
                            first, first + intact.count() - 1, anchor.get().entryHash().hex(), intact.headHash().hex());
                } else {
                    console.printf("intact: %d entries, head %s%n", intact.count(), intact.headHash().hex());
                }
                console.flush();
                return 0;
            }
            printBroken(console, (ChainVerdict.Broken) verdict, "");
            return 1;
        }

        private int verifyExport() throws Exception {
            if (!Files.isRegularFile(source.export)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--export: no file at " + source.export);
            }
            Optional<Sha256Digest> expected;
            try {
                expected = Optional.ofNullable(anchor).map(Sha256Digest::fromHex);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--anchor must be 64 hex digits");
            }
            PrintWriter console = spec.commandLine().getOut();
            AuditExportCheck.Result result = AuditExportCheck.check(source.export, expected, knownHead);
            if (result instanceof AuditExportCheck.Intact intact) {
                console.printf("intact: entries %d..%d (%d entries), anchor %s, head %s%n", intact.first(), intact.last(),
                        intact.count(), intact.anchor().hex(), intact.head().hex());
            } else if (result instanceof AuditExportCheck.Broken broken) {
                printBroken(console, broken.at(), " (line " + broken.line() + ")");
            } else if (result instanceof AuditExportCheck.Unreadable unreadable) {
                console.printf("broken: line %d: not an audit entry (%s); the %d entries before it verify%n",
                        unreadable.line(), unreadable.reason(), unreadable.verifiedBefore());
            } else {
                console.printf("broken: %s holds no audit entry%n", source.export);
            }
            console.flush();
            return result instanceof AuditExportCheck.Intact ? 0 : 1;
        }

        private static void printBroken(PrintWriter console, ChainVerdict.Broken broken, String where) {
            console.printf("broken: entry %d%s: %s (%s); the %d entries before it verify%n", broken.sequence(), where,
                    broken.reason(), explain(broken.reason()), broken.verifiedBefore());
            console.flush();
        }
    }
}
