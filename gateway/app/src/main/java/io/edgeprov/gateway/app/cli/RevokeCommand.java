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
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import io.edgeprov.gateway.core.revocation.BatchRevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationPreview;
import io.edgeprov.gateway.core.revocation.RevocationTarget;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Revokes one device or a batch (a file of ids, a production lot, a serial pattern, an enrollment group)
 * through the core's revocation use case, as the admin plane will, with the host's administrator
 * ({@code local:<user>}) as the principal: per device, every current certificate, the device barred
 * from any further issuance, the decision recorded under a new event id and queued for upstream; then
 * one new CRL ({@code crl.der}, {@code crl.pem}) in the data folder. {@code --dry-run} says how many
 * devices it would cut off and changes nothing; a batch needs {@code --yes}. A running gateway refuses
 * the devices at their next connect at once, and within a second cuts open sessions off and republishes
 * the CRL.
 */
@Command(name = "revoke", mixinStandardHelpOptions = true,
        description = {"Revoke a device, or every device of a list, lot, serial pattern or enrollment group, and write a new CRL.",
            "A running gateway refuses them at their next connect at once; within a second it cuts open",
            "sessions off, sends each device its notice and republishes the CRL. Revoking twice is harmless."})
public final class RevokeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml of the gateway.")
    Path configFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    Which which;

    /** Exactly one way of naming the devices. */
    static final class Which {
        @Option(names = "--device", paramLabel = "ID", description = "One device.")
        String device;

        @Option(names = "--devices-file", paramLabel = "FILE",
                description = "A file of device ids, one per line; blank lines and lines starting with # are skipped.")
        Path devicesFile;

        @Option(names = "--lot", paramLabel = "LOT", description = "Every device labelled with this production lot ('lot assign').")
        String lot;

        @Option(names = "--serial-pattern", paramLabel = "REGEX",
                description = "Every known device whose whole id matches this Java regular expression.")
        String serialPattern;

        @Option(names = "--enrollment-group", paramLabel = "ID",
                description = "Every device the group enrollment admits (its serial pattern, less devices enrolled one by one).")
        String enrollmentGroup;
    }

    @Option(names = "--reason", required = true, paramLabel = "REASON",
            description = "RFC 5280 reason: keyCompromise, cessationOfOperation, affiliationChanged, superseded, "
                    + "privilegeWithdrawn, cACompromise, certificateHold or unspecified.")
    String reasonName;

    @Option(names = "--note", paramLabel = "TEXT",
            description = "Why, in words, kept with each revocation and in the audit log (up to 500 characters).")
    String note;

    @Option(names = "--dry-run", description = "Only say how many devices this would cut off; change nothing.")
    boolean dryRun;

    @Option(names = "--yes", description = "Run a batch (anything but --device) without stopping at the preview.")
    boolean yes;

    private final Clock clock = Clock.systemUTC();

    @Override
    public Integer call() throws Exception {
        RevocationTarget target = target();
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
        Principal actor = Principal.LocalAdministrator.current();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock);
                CaKeyStore keyStore = CaKeyStores.open(config.caKey(), System::getenv)) {
            CrlFiles files = new CrlFiles(config.dataDir());
            RevocationService service = RevocationService.builder().certificates(open.registry.certificates())
                    .commands(open.registry.commands()).auditLog(open.registry.auditLog())
                    .directory(open.registry.directory()).enrollments(open.registry.enrollments())
                    .crlBuilder(new CrlBuilder(keyStore, clock))
                    .crlNumbers(new CrlNumberFile(config.dataDir().resolve("crl-number"))).crlFiles(files).clock(clock)
                    .build();
            try {
                RevocationPreview preview = service.preview(actor, target);
                if (target instanceof RevocationTarget.Device one && preview.devices() == 0) {
                    // One named device that cannot be revoked is most likely a typo: say which case it is.
                    console.println(preview.alreadyRevoked() == 1 ? "device " + one.deviceId() + " is already revoked: nothing to do"
                            : preview.unknown() == 1 ? "not revoked: device " + one.deviceId() + " is not known to this registry"
                            : "not revoked: device " + one.deviceId() + " has no unrevoked, unexpired certificate");
                    console.flush();
                    return preview.alreadyRevoked() == 1 ? 0 : 1;
                }
                printPreview(console, preview, dryRun || !(target instanceof RevocationTarget.Device) && !yes);
                if (dryRun) {
                    console.println("dry run: nothing revoked");
                    console.flush();
                    return 0;
                }
                if (!(target instanceof RevocationTarget.Device) && !yes) {
                    console.printf("not revoked: a batch runs only with --yes (check the count above first)%n");
                    console.flush();
                    return 1;
                }
                BatchRevocationOutcome outcome = service.revoke(actor, target, reason, Optional.ofNullable(note));
                for (var revoked : outcome.revoked().size() <= 20 ? outcome.revoked() : outcome.revoked().subList(0, 20)) {
                    console.printf("revoked %s: %d certificate(s), serial(s) %s, event %s%n", revoked.deviceId(),
                            revoked.serials().size(), String.join(", ", revoked.serials()), revoked.eventId());
                }
                if (outcome.revoked().size() > 20) {
                    console.printf("... and %d more device(s)%n", outcome.revoked().size() - 20);
                }
                console.printf("revoked %d device(s), %d certificate(s), reason %s, in %d ms%n", outcome.revoked().size(),
                        outcome.certificates(), reason.rfcName(), outcome.took().toMillis());
                if (outcome.crlNumber().isPresent()) {
                    console.printf("CRL number %s written to %s and %s%n", outcome.crlNumber().get(), files.der(), files.pem());
                    console.printf("recorded by %s and queued for upstream%n", actor.actor());
                    console.println("a running gateway refuses these devices at their next connect, and cuts open sessions off within a second");
                } else {
                    console.println("nothing to revoke: no device of this selection holds a current certificate");
                }
                console.flush();
                return 0;
            } catch (RevocationException e) {
                console.printf("not revoked: %s%n", e.getMessage());
                console.flush();
                return 1;
            }
        }
    }

    private static void printPreview(PrintWriter console, RevocationPreview preview, boolean verbose) {
        console.printf("%s: %d device(s) to cut off (%d certificate(s)); %d already revoked, %d without a current certificate,"
                + " %d unknown%n", preview.target().describe(), preview.devices(), preview.certificates(),
                preview.alreadyRevoked(), preview.withoutCertificate(), preview.unknown());
        if (verbose) {
            List<String> shown = preview.toCutOff().size() <= 20 ? preview.toCutOff() : preview.toCutOff().subList(0, 20);
            shown.forEach(id -> console.printf("  would cut off %s%n", id));
            if (preview.devices() > shown.size()) {
                console.printf("  ... and %d more%n", preview.devices() - shown.size());
            }
        }
    }

    private RevocationTarget target() throws java.io.IOException {
        try {
            if (which.device != null) {
                if (!DeviceIds.isValid(which.device)) {
                    throw new ParameterException(spec.commandLine(), "--device: '" + which.device + "' is not a device id "
                            + "(1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
                }
                return new RevocationTarget.Device(which.device);
            }
            if (which.devicesFile != null) {
                return new RevocationTarget.DeviceList(CliSupport.deviceIdsFile(spec, which.devicesFile));
            }
            if (which.lot != null) {
                return new RevocationTarget.Lot(which.lot);
            }
            if (which.serialPattern != null) {
                return new RevocationTarget.SerialPattern(which.serialPattern);
            }
            return new RevocationTarget.EnrollmentGroup(which.enrollmentGroup);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
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
