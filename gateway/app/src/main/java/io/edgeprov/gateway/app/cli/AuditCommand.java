package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainBreak;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The audit log's commands; today {@code verify}. */
@Command(name = "audit", mixinStandardHelpOptions = true, description = "Work with the audit log.",
        subcommands = {AuditCommand.Verify.class})
public final class AuditCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: audit verify --config FILE");
    }

    /** Walks the hash chain read-only (safe beside a running gateway) and names the first broken entry. */
    @Command(name = "verify", mixinStandardHelpOptions = true,
            description = {"Check the audit log's hash chain; exit 0 when intact, 1 naming the first broken entry.",
                "Reads only, so it can run while the gateway runs."})
    public static final class Verify implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        @Option(names = "--known-head", paramLabel = "N", defaultValue = "0",
                description = "A sequence number seen before (a printout, upstream): a shorter chain is reported as deleted entries.")
        long knownHead;

        static final class Source {
            @Option(names = "--config", paramLabel = "FILE", description = "The gateway.yaml whose registry to check.")
            Path config;

            @Option(names = "--db", paramLabel = "FILE", description = "The registry database file to check.")
            Path db;
        }

        @Override
        public Integer call() throws Exception {
            if (knownHead < 0) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--known-head must not be negative");
            }
            Path database = source.db != null ? source.db : CliSupport.registryFile(CliSupport.loadConfig(spec, source.config));
            if (source.db != null && !Files.isRegularFile(database)) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--db: no file at " + database);
            }
            PrintWriter console = spec.commandLine().getOut();
            ChainVerdict verdict;
            try (SqliteAuditReader reader = SqliteAuditReader.open(database)) {
                verdict = new AuditChainVerifier(reader).verify(knownHead);
            }
            if (verdict instanceof ChainVerdict.Intact intact) {
                console.printf("intact: %d entries, head %s%n", intact.count(), intact.headHash().hex());
                console.flush();
                return 0;
            }
            ChainVerdict.Broken broken = (ChainVerdict.Broken) verdict;
            console.printf("broken: entry %d: %s (%s); the %d entries before it verify%n", broken.sequence(),
                    broken.reason(), explain(broken.reason()), broken.verifiedBefore());
            console.flush();
            return 1;
        }

        private static String explain(ChainBreak reason) {
            return switch (reason) {
                case HASH_MISMATCH -> "its stored hash does not match its fields: a field was edited";
                case PREVIOUS_HASH_MISMATCH -> "it does not link to the entry before: an entry was replaced or inserted";
                case SEQUENCE_GAP -> "sequence numbers skip or repeat while the hashes link: numbering was edited";
                case ENTRY_DELETED -> "one or more entries are missing";
            };
        }
    }
}
