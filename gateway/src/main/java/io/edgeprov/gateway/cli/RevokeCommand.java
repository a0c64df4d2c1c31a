package io.edgeprov.gateway.cli;

import io.edgeprov.gateway.app.CaKeyStores;
import io.edgeprov.gateway.config.GatewayConfig;
import io.edgeprov.gateway.identity.DeviceIds;
import io.edgeprov.gateway.registry.RevocationReason;
import io.edgeprov.gateway.revocation.CrlFiles;
import io.edgeprov.gateway.revocation.CrlNumberFile;
import io.edgeprov.gateway.revocation.RevocationException;
import io.edgeprov.gateway.revocation.RevocationListener;
import io.edgeprov.gateway.revocation.RevocationOutcome;
import io.edgeprov.gateway.revocation.RevocationService;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.keys.CaKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Revokes a device's current certificates offline: records each revocation with its audit entry in
 * the registry and writes a new CRL ({@code crl.der}, {@code crl.pem}) to the data folder. A running
 * gateway reads revocations from the same registry at every connect, so the device is refused at its
 * next connect at once; an open session is not cut, and the retained CRL on MQTT follows at the
 * running gateway's next periodic rebuild.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a device's current certificates and write a new CRL to the data folder.",
            "A running gateway refuses the device at its next connect; its open session and the retained CRL",
            "on MQTT follow at the gateway's next CRL rebuild (hourly)."})
public final class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml of the gateway.")
    Path configFile;

    @Option(names = "--device", required = true, paramLabel = "ID", description = "The device whose certificates to revoke.")
    String device;

    @Option(names = "--reason", required = true, paramLabel = "REASON",
            description = "RFC 5280 reason: keyCompromise, cessationOfOperation, affiliationChanged, superseded, "
                    + "privilegeWithdrawn, cACompromise, certificateHold or unspecified.")
    String reasonName;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!DeviceIds.isValid(device)) {
            throw new ParameterException(spec.commandLine(), "--device: '" + device + "' is not a device id "
                    + "(1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
        }
        RevocationReason reason = parseReason(reasonName).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--reason: '" + reasonName + "' is not one of " + Arrays.stream(RevocationReason.values())
                        .map(r -> RevocationService.crlReason(r).rfcName()).collect(Collectors.joining(", "))));
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock);
                CaKeyStore keyStore = CaKeyStores.open(config.caKey(), System::getenv)) {
            CrlFiles files = new CrlFiles(config.dataDir());
            RevocationService service = new RevocationService(open.registry.certificates(), open.registry.devices(),
                    new CrlBuilder(keyStore, clock), new CrlNumberFile(config.dataDir().resolve("crl-number")), files,
                    RevocationListener.NONE, clock, RevocationService.DEFAULT_CRL_VALIDITY);
            RevocationOutcome outcome;
            try {
                outcome = service.revokeDevice(device, reason, CliSupport.operator());
            } catch (RevocationException e) {
                console.printf("not revoked: %s%n", e.getMessage());
                console.flush();
                return 1;
            }
            console.printf("revoked %s: %d certificate(s), serial(s) %s, reason %s%n", outcome.deviceId(), outcome.serials().size(),
                    String.join(", ", outcome.serials()), RevocationService.crlReason(outcome.reason()).rfcName());
            console.printf("CRL number %s written to %s and %s%n", outcome.crlNumber(), files.der(), files.pem());
            console.println("a running gateway refuses this device at its next connect; it republishes the CRL at its next rebuild");
            console.flush();
            return 0;
        }
    }

    /** Accepts the RFC 5280 spelling ({@code keyCompromise}) or the constant ({@code KEY_COMPROMISE}). */
    static Optional<RevocationReason> parseReason(String text) {
        return io.edgeprov.pki.crl.RevocationReason.fromName(text).flatMap(crl -> Arrays.stream(RevocationReason.values())
                .filter(r -> r.name().equals(crl.name())).findFirst());
    }
}
