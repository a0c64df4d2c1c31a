package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.AssignLot;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Labels devices with the production lot they came from (before or after they enroll), so that an
 * operator can later revoke the whole lot ({@code revoke --lot}). The label is audited.
 */
@Command(name = "lot", mixinStandardHelpOptions = true,
        description = {"Label devices with their production lot, for 'revoke --lot'.",
            "Devices may be labelled before they enroll; a new label replaces the old one."})
public final class LotCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to change.")
    Path configFile;

    @Option(names = "--lot", required = true, paramLabel = "LOT",
            description = "The lot label: 1 to 64 of [A-Za-z0-9._:/-], starting with a letter or digit.")
    String lot;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /** One device or a file of them. */
    static final class Which {
        @Option(names = "--device", paramLabel = "ID", description = "One device.")
        String device;

        @Option(names = "--devices-file", paramLabel = "FILE", description = "Device ids, one per line (# comments, blank lines skipped).")
        Path devicesFile;
    }

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!AssignLot.LOT.matcher(lot).matches()) {
            throw new ParameterException(spec.commandLine(), "--lot: '" + lot + "' is not 1 to 64 characters of"
                    + " [A-Za-z0-9._:/-] starting with a letter or digit");
        }
        List<String> ids = which.device != null ? List.of(checked(which.device, "--device")) : CliSupport.deviceIdsFile(spec, which.devicesFile);
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock)) {
            int labelled = open.registry.commands().assignLot(new AssignLot(ids, lot,
                    Principal.LocalAdministrator.current().actor(), clock.instant().truncatedTo(ChronoUnit.MILLIS))).join();
            console.printf("labelled %d device(s) with lot %s%n", labelled, lot);
            console.flush();
            return 0;
        }
    }

    private String checked(String id, String option) {
        if (!DeviceIds.isValid(id)) {
            throw new ParameterException(spec.commandLine(), option + ": '" + id + "' is not a device id"
                    + " (1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
        }
        return id;
    }
}
