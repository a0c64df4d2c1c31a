package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.CaKeyStores;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.CrlFiles;
import io.edgeprov.gateway.core.revocation.CrlNumberFile;
import io.edgeprov.gateway.core.revocation.RevocationException;
import io.edgeprov.gateway.core.revocation.RevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.pki.crl.CrlBuilder;
import io.edgeprov.pki.keys.CaKeyStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Revokes a device through the core's revocation use case, as the admin plane will, with the host's
 * administrator ({@code local:<user>}) as the principal: in one registry transaction every current
 * certificate of the device, the device barred from any further issuance, the decision recorded under a
 * new event id and queued for upstream; then a new CRL ({@code crl.der}, {@code crl.pem}) in the data
 * folder. A running gateway refuses the device at its next connect at once, and picks the revocation up
 * within 5 s to cut an open session off and republish the CRL.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a device's current certificates and write a new CRL to the data folder.",
            "A running gateway refuses the device at its next connect at once; within 5 s it cuts an open",
            "session off, sends the device its notice and republishes the CRL."})
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

    @Option(names = "--note", paramLabel = "TEXT",
            description = "Why, in words, kept with the revocation and in the audit log (up to 500 characters).")
    String note;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        if (!DeviceIds.isValid(device)) {
            throw new ParameterException(spec.commandLine(), "--device: '" + device + "' is not a device id "
                    + "(1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
        }
        RevocationReason reason = parseReason(reasonName).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--reason: '" + reasonName + "' is not one of " + RevocationService.DEVICE_REASONS.stream()
                        .map(RevocationReason::rfcName).collect(Collectors.joining(", "))));
        if (note != null && (note.isBlank() || note.length() > RevocationRecord.MAX_NOTE
                || note.chars().anyMatch(Character::isISOControl))) {
            throw new ParameterException(spec.commandLine(), "--note: 1 to " + RevocationRecord.MAX_NOTE
                    + " characters of text on one line");
        }
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock);
                CaKeyStore keyStore = CaKeyStores.open(config.caKey(), System::getenv)) {
            CrlFiles files = new CrlFiles(config.dataDir());
            RevocationService service = RevocationService.builder().certificates(open.registry.certificates())
                    .commands(open.registry.commands()).auditLog(open.registry.auditLog()).crlBuilder(new CrlBuilder(keyStore, clock))
                    .crlNumbers(new CrlNumberFile(config.dataDir().resolve("crl-number"))).crlFiles(files).clock(clock)
                    .build();
            RevocationOutcome outcome;
            try {
                outcome = service.revokeDevice(Principal.LocalAdministrator.current(), device, reason, Optional.ofNullable(note));
            } catch (RevocationException e) {
                console.printf("not revoked: %s%n", e.getMessage());
                console.flush();
                return 1;
            }
            console.printf("revoked %s: %d certificate(s), serial(s) %s, reason %s%n", outcome.deviceId(), outcome.serials().size(),
                    String.join(", ", outcome.serials()), outcome.reason().rfcName());
            console.printf("CRL number %s written to %s and %s%n", outcome.crlNumber(), files.der(), files.pem());
            console.printf("revocation %s recorded by %s and queued for upstream%n", outcome.eventId(),
                    Principal.LocalAdministrator.current().actor());
            console.println("a running gateway refuses this device at its next connect; within 5 s it cuts an open session off");
            console.flush();
            return 0;
        }
    }

    /** Accepts the RFC 5280 spelling ({@code keyCompromise}) or the constant ({@code KEY_COMPROMISE}). */
    static Optional<RevocationReason> parseReason(String text) {
        if (text == null) {
            return Optional.empty();
        }
        return RevocationService.DEVICE_REASONS.stream()
                .filter(r -> r.rfcName().equals(text) || r.name().equals(text.replace('-', '_').toUpperCase(java.util.Locale.ROOT)))
                .findFirst();
    }
}
