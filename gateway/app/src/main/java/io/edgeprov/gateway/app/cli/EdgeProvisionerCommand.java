package io.edgeprov.gateway.app.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code edge-provisioner} command: the entry point of the gateway jar. */
@Command(name = "edge-provisioner",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Attests IoT devices through their TPM 2.0 and issues them short-lived certificates.",
        subcommands = {InitCommand.class, RunCommand.class, AllowCommand.class, AuditCommand.class, RevokeCommand.class, LotCommand.class, UnrevokeCommand.class, FleetGatewayCommand.class,
            OperatorCommand.class, DemoCommand.class, PkiDemoCommand.class, BenchCommand.class, CommandLine.HelpCommand.class})
public final class EdgeProvisionerCommand {

    public static void main(String[] args) {
        // First, before any TLS class initializes: JSSE reads its key-share order once (decision 0037).
        io.edgeprov.pki.TlsKeyShares.preferP256();
        System.exit(commandLine().execute(args));
    }

    /** The configured command line, shared by {@link #main} and tests. */
    public static CommandLine commandLine() {
        return new CommandLine(new EdgeProvisionerCommand())
                .setExecutionExceptionHandler(new CliErrorHandler());
    }
}
