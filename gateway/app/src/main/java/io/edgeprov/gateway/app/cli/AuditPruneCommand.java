package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.audit.AuditAnchor;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Deletes the oldest audit entries once an export holds them (docs/audit-retention.md). Refuses unless the
 * stored chain verifies, the export verifies, holds every entry from the first stored one to the last to
 * delete, and is the same chain (its entry for the last one has the stored hash, checked again under the
 * write lock). The last deleted entry's hash stays as the anchor {@code audit verify} starts after, and the
 * prune is itself audited, naming the anchor and the export's SHA-256.
 */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete the audit entries before SEQ, once FILE (from audit export) holds them and verifies.",
            "Keeps the last deleted entry's hash as the anchor audit verify starts after; audits the prune.",
            "Can run beside a live gateway. Exit 0 pruned, 1 refused (nothing deleted), 2 usage."})
final class AuditPruneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to prune.")
    Path config;

    @Option(names = "--before", required = true, paramLabel = "SEQ", description = "Delete the entries before this one.")
    long before;

    @Option(names = "--exported", required = true, paramLabel = "FILE",
            description = "The audit export (JSON Lines) that holds every entry to delete.")
    Path exported;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (before < 2) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--before must be at least 2");
        }
        if (!Files.isRegularFile(exported)) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--exported: no file at " + exported);
        }
        GatewayConfig gateway = CliSupport.loadConfig(spec, config);
        long through = before - 1;
        long first;
        Sha256Digest start;
        try (SqliteAuditReader reader = SqliteAuditReader.open(CliSupport.registryFile(gateway))) {
            ChainVerdict stored = new AuditChainVerifier(reader).verify();
            if (stored instanceof ChainVerdict.Broken broken) {
                return refuse("the stored audit chain is broken at entry " + broken.sequence() + " (" + broken.reason()
                        + "); a prune deletes no evidence: see audit verify");
            }
            Optional<AuditAnchor> anchor = reader.anchor();
            first = anchor.map(a -> a.sequence() + 1).orElse(1L);
            start = anchor.map(AuditAnchor::entryHash).orElse(Sha256Digest.zero());
            long head = reader.head().map(AuditEntry::sequence).orElse(0L);
            if (through < first) {
                return refuse("nothing before entry " + before + " is stored: the log starts at entry " + first);
            }
            if (before > head) {
                return refuse("--before " + before + " passes the head (entry " + head + "); the head always stays");
            }
        }
        AuditExportCheck.Result export = AuditExportCheck.check(exported, Optional.empty(), 0);
        if (!(export instanceof AuditExportCheck.Intact intact)) {
            return refuse(exported + " does not verify; see audit verify --export " + exported);
        }
        if (intact.first() > first || intact.last() < through) {
            return refuse(exported + " holds entries " + intact.first() + ".." + intact.last() + "; deleting needs "
                    + first + ".." + through);
        }
        if (intact.first() == first && !intact.anchor().equals(start)) {
            return refuse(exported + " does not continue from where the stored log starts; it is another log's export");
        }
        Sha256Digest last = AuditExportCheck.hashAt(exported, through).orElseThrow();
        Sha256Digest fileSha256 = AuditExportCheck.fileSha256(exported);
        AuditEntry recorded;
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(gateway, clock)) {
            recorded = open.registry.pruneAudit(through, last, fileSha256, Principal.LocalAdministrator.current().actor())
                    .join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RegistryException refused) {
                return refuse(refused.getMessage());
            }
            throw e;
        }
        PrintWriter console = spec.commandLine().getOut();
        console.printf("pruned entries %d..%d (%s exported in %s, sha256 %s)%n", first, through,
                recorded.event().details().get("entries"), exported, fileSha256.hex());
        console.printf("the log now starts at entry %d, after anchor %s; the prune is entry %d%n", before, last.hex(),
                recorded.sequence());
        console.flush();
        return 0;
    }

    private int refuse(String why) {
        spec.commandLine().getErr().println("refused: " + why);
        return 1;
    }
}
