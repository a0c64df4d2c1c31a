package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.CaKeyStores;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.gateway.core.revocation.CrlFiles;
import io.edgeprov.gateway.core.revocation.CrlNumberFile;
import io.edgeprov.gateway.core.revocation.RevocationException;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.keys.CaKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Releases a device from certificateHold, the only revocation RFC 5280 lets be undone, and writes a new
 * CRL without its certificates. A device revoked for any other reason stays revoked.
 */
@Command(name = "unrevoke", mixinStandardHelpOptions = true,
        description = {"Release a device revoked for certificateHold: its certificates are in force again and a new CRL omits them.",
            "Any other revocation reason is final (RFC 5280) and is refused."})
public final class UnrevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml of the gateway.")
    Path configFile;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "The device on hold.")
    String device;

    @Option(names = "--note", paramLabel = "TEXT", description = "Why, in words, kept in the audit log (up to 500 characters).")
    String note;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!DeviceIds.isValid(device)) {
            throw new ParameterException(spec.commandLine(), "--device: '" + device + "' is not a device id");
        }
        if (note != null && (note.isBlank() || note.length() > RevocationRecord.MAX_NOTE
                || note.chars().anyMatch(Character::isISOControl))) {
            throw new ParameterException(spec.commandLine(), "--note: 1 to " + RevocationRecord.MAX_NOTE
                    + " characters of text on one line");
        }
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock);
                CaKeyStore keyStore = CaKeyStores.open(config.caKey(), System::getenv)) {
            RevocationService service = RevocationService.builder().certificates(open.registry.certificates())
                    .commands(open.registry.commands()).auditLog(open.registry.auditLog())
                    .crlBuilder(new CrlBuilder(keyStore, clock))
                    .crlNumbers(new CrlNumberFile(config.dataDir().resolve("crl-number"))).crlFiles(new CrlFiles(config.dataDir()))
                    .clock(clock).build();
            try {
                List<String> serials = service.releaseHold(Principal.LocalAdministrator.current(), device, Optional.ofNullable(note));
                console.printf("released %s from hold: %d certificate(s) in force again, serial(s) %s%n", device, serials.size(),
                        String.join(", ", serials));
                console.println("a new CRL without them is in the data folder; a running gateway lets the device connect and renew");
                console.flush();
                return 0;
            } catch (RevocationException e) {
                console.printf("not released: %s%n", e.getMessage());
                console.flush();
                return 1;
            }
        }
    }
}
