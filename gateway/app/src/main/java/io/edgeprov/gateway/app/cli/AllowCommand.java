package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.core.onboarding.OnboardDevices;
import io.edgeprov.gateway.core.onboarding.OnboardingOutcome;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Lets devices enroll: one device by its EK hash, a group by manufacturer roots and a serial
 * pattern, or a CSV batch; or disables an enrollment. It calls the core's {@link OnboardDevices} use case,
 * as the admin plane will, with the host's administrator ({@code local:<user>}) as the principal.
 */
@Command(name = "allow", mixinStandardHelpOptions = true,
        description = {"Allow devices to enroll, or disable an enrollment. One of:",
            "  --device ID --ek-sha256 HEX                 one device and its TPM's EK",
            "  --group NAME --roots PEM --serial-pattern RE any TPM whose EK chains to the roots, serial matching",
            "  --csv FILE                                  lines 'deviceId,ekSha256' (a header line is skipped)",
            "  --disable ID                                an enrollment id, or the device id of an individual one"})
public final class AllowCommand implements Callable<Integer> {
    private static final Pattern HEX64 = Pattern.compile("[0-9a-fA-F]{64}");
    private static final Pattern GROUP = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    static final String INDIVIDUAL_PREFIX = OnboardDevices.INDIVIDUAL_PREFIX;
    static final String TRUST_FOLDER = "manufacturer-roots";

    @Spec
    CommandSpec spec;

    @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to change.")
    Path configFile;

    @Option(names = "--device", paramLabel = "ID", description = "Device id (its serial).")
    String device;

    @Option(names = "--ek-sha256", paramLabel = "HEX", description = "SHA-256 of the device's EK public area (TPM2B_PUBLIC), 64 hex digits.")
    String ekSha256;

    @Option(names = "--group", paramLabel = "NAME", description = "Name of a group enrollment.")
    String group;

    @Option(names = "--roots", paramLabel = "PEM", description = "Manufacturer root certificates (PEM) the group's EK certificates chain to.")
    Path roots;

    @Option(names = "--serial-pattern", paramLabel = "REGEX", description = "Java regular expression the whole device serial must match.")
    String serialPattern;

    @Option(names = "--csv", paramLabel = "FILE", description = "Batch of individual enrollments, one 'deviceId,ekSha256' per line.")
    Path csv;

    @Option(names = "--disable", paramLabel = "ID", description = "Disable this enrollment (enrollment id or device id).")
    String disable;

    private final Clock clock = Clock.systemUTC();
    /** The host's administrator at this command line: the same use cases the admin plane calls, under their name. */
    private final Principal actor = Principal.LocalAdministrator.current();

    @Override
    public Integer call() throws Exception {
        Mode mode = mode();
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock)) {
            OnboardDevices onboarding = new OnboardDevices(open.registry.enrollments(), open.registry.devices(),
                    open.registry.auditLog(), clock);
            return switch (mode) {
                case DEVICE -> allowDevice(onboarding, console);
                case GROUP -> allowGroup(onboarding, config, console);
                case CSV -> allowCsv(onboarding, console);
                case DISABLE -> disable(onboarding, console);
            };
        }
    }

    private enum Mode { DEVICE, GROUP, CSV, DISABLE }

    private Mode mode() {
        List<Mode> chosen = new ArrayList<>();
        if (device != null || ekSha256 != null) {
            chosen.add(Mode.DEVICE);
        }
        if (group != null || roots != null || serialPattern != null) {
            chosen.add(Mode.GROUP);
        }
        if (csv != null) {
            chosen.add(Mode.CSV);
        }
        if (disable != null) {
            chosen.add(Mode.DISABLE);
        }
        if (chosen.size() != 1) {
            throw usage("give exactly one of: --device with --ek-sha256, --group with --roots and --serial-pattern, --csv, "
                    + "or --disable" + (chosen.isEmpty() ? "" : " (got " + chosen + ")"));
        }
        Mode mode = chosen.get(0);
        if (mode == Mode.DEVICE) {
            if (device == null || ekSha256 == null) {
                throw usage("--device and --ek-sha256 go together");
            }
            checkDevice(device).ifPresent(problem -> {
                throw usage("--device: " + problem);
            });
            checkEk(ekSha256).ifPresent(problem -> {
                throw usage("--ek-sha256: " + problem);
            });
        } else if (mode == Mode.GROUP) {
            if (group == null || roots == null || serialPattern == null) {
                throw usage("--group needs --roots and --serial-pattern");
            }
            if (!GROUP.matcher(group).matches()) {
                throw usage("--group '" + group + "' is not allowed: 1 to 64 characters of [A-Za-z0-9._-]");
            }
            if (!Files.isRegularFile(roots)) {
                throw usage("--roots: no file at " + roots);
            }
            try {
                Pattern.compile(serialPattern);
            } catch (PatternSyntaxException e) {
                throw usage("--serial-pattern is not a valid regular expression: " + e.getDescription());
            }
        } else if (mode == Mode.CSV && !Files.isRegularFile(csv)) {
            throw usage("--csv: no file at " + csv);
        }
        return mode;
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private static Optional<String> checkDevice(String id) {
        return DeviceIds.isValid(id) ? Optional.empty()
                : Optional.of("'" + abbreviate(id) + "' is not a device id (1 to 64 characters of [A-Za-z0-9._-], starting with a letter or digit)");
    }

    private static Optional<String> checkEk(String hex) {
        return HEX64.matcher(hex).matches() ? Optional.empty()
                : Optional.of("EK SHA-256 must be 64 hex digits, got " + hex.length() + " characters"
                        + (hex.chars().allMatch(c -> Character.digit(c, 16) >= 0) ? "" : " with non-hex ones"));
    }

    private int allowDevice(OnboardDevices onboarding, PrintWriter console) {
        Result result = add(onboarding, device, Sha256Digest.fromHex(ekSha256.toLowerCase(java.util.Locale.ROOT))).join();
        console.println(result.describe());
        console.flush();
        return result.kind == Kind.ADDED ? 0 : 1;
    }

    private int allowGroup(OnboardDevices onboarding, GatewayConfig config, PrintWriter console) throws IOException {
        List<X509Certificate> certificates = readRoots(roots);
        Path folder = config.dataDir().resolve(TRUST_FOLDER);
        Files.createDirectories(folder);
        Path bundle = folder.resolve(group + ".pem");
        OnboardingOutcome outcome = onboarding.allowGroup(actor, group, serialPattern, certificates.size()).join();
        if (!(outcome instanceof OnboardingOutcome.Added added)) {
            console.printf("%s: group %s (%s)%n", outcome instanceof OnboardingOutcome.Duplicate ? "duplicate" : "refused",
                    group, describe(outcome));
            console.flush();
            return 1;
        }
        // Written after the registry accepted the group, so a refused duplicate never replaces a live bundle.
        Files.write(bundle, Files.readAllBytes(roots), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        console.printf("added: group %s (enrollment %s), serials matching %s, %d manufacturer root(s) kept in %s%n", group,
                added.enrollmentId(), serialPattern, certificates.size(), bundle);
        console.flush();
        return 0;
    }

    private List<X509Certificate> readRoots(Path file) throws IOException {
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            for (java.security.cert.Certificate certificate : CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(file)))) {
                certificates.add((X509Certificate) certificate);
            }
        } catch (CertificateException e) {
            throw usage("--roots: " + file + " does not hold PEM certificates (" + e.getMessage() + ")");
        }
        if (certificates.isEmpty()) {
            throw usage("--roots: " + file + " holds no certificate");
        }
        for (X509Certificate certificate : certificates) {
            if (certificate.getBasicConstraints() < 0) {
                throw usage("--roots: " + certificate.getSubjectX500Principal().getName() + " is not a CA certificate");
            }
        }
        return certificates;
    }

    private int allowCsv(OnboardDevices onboarding, PrintWriter console) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        List<CompletableFuture<Result>> results = new ArrayList<>();
        java.util.Set<String> seenDevices = new java.util.HashSet<>();
        java.util.Set<String> seenEks = new java.util.HashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#") || (number == 1 && line.replace(" ", "").equalsIgnoreCase("deviceId,ekSha256"))) {
                continue;
            }
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                results.add(done(new Result(number, Kind.INVALID, "", "expected 2 fields 'deviceId,ekSha256', found " + fields.length)));
                continue;
            }
            String id = fields[0].strip();
            String ek = fields[1].strip().toLowerCase(java.util.Locale.ROOT);
            Optional<String> problem = checkDevice(id).or(() -> checkEk(ek));
            if (problem.isPresent()) {
                results.add(done(new Result(number, Kind.INVALID, id, problem.get())));
            } else if (!seenDevices.add(id) || !seenEks.add(ek)) {
                results.add(done(new Result(number, Kind.DUPLICATE, id, "device or EK already listed earlier in this file")));
            } else {
                // Submitted together, so the registry's writer commits the batch in a few groups.
                results.add(add(onboarding, id, Sha256Digest.fromHex(ek)).thenApply(r -> r.atLine(number)));
            }
        }
        int added = 0;
        int duplicates = 0;
        int invalid = 0;
        for (CompletableFuture<Result> future : results) {
            Result result = future.join();
            console.println(result.describe());
            switch (result.kind) {
                case ADDED -> added++;
                case DUPLICATE -> duplicates++;
                default -> invalid++;
            }
        }
        console.printf("%d added, %d duplicate, %d invalid%n", added, duplicates, invalid);
        console.flush();
        return invalid == 0 ? 0 : 1;
    }

    private CompletableFuture<Result> add(OnboardDevices onboarding, String deviceId, Sha256Digest ek) {
        return onboarding.allowDevice(actor, deviceId, ek).thenApply(outcome -> {
            if (outcome instanceof OnboardingOutcome.Added added) {
                return new Result(0, Kind.ADDED, deviceId, "enrollment " + added.enrollmentId());
            }
            if (outcome instanceof OnboardingOutcome.Duplicate duplicate) {
                return new Result(0, Kind.DUPLICATE, deviceId, duplicate.detail());
            }
            return new Result(0, Kind.INVALID, deviceId, describe(outcome));
        });
    }

    private int disable(OnboardDevices onboarding, PrintWriter console) {
        OnboardingOutcome outcome = onboarding.disable(actor, disable).join();
        if (outcome instanceof OnboardingOutcome.Disabled disabled) {
            console.printf("disabled: enrollment %s%n", disabled.enrollmentId());
            console.flush();
            return 0;
        }
        if (outcome instanceof OnboardingOutcome.NotFound) {
            console.printf("not found: no enrollment with id or device id %s%n", abbreviate(disable));
        } else {
            console.printf("refused: %s%n", describe(outcome));
        }
        console.flush();
        return 1;
    }

    private static String describe(OnboardingOutcome outcome) {
        if (outcome instanceof OnboardingOutcome.Added added) {
            return "enrollment " + added.enrollmentId();
        }
        if (outcome instanceof OnboardingOutcome.Disabled disabled) {
            return "enrollment " + disabled.enrollmentId() + " disabled";
        }
        if (outcome instanceof OnboardingOutcome.Duplicate duplicate) {
            return duplicate.detail();
        }
        if (outcome instanceof OnboardingOutcome.NotFound notFound) {
            return notFound.detail();
        }
        return ((OnboardingOutcome.NotPermitted) outcome).actor() + " may not onboard devices";
    }

    private static CompletableFuture<Result> done(Result result) {
        return CompletableFuture.completedFuture(result);
    }

    private static String abbreviate(String text) {
        return text.length() > 70 ? text.substring(0, 70) + "..." : text;
    }

    private enum Kind { ADDED, DUPLICATE, INVALID }

    /** What happened to one device (one CSV line, or line 0 for a single device). */
    private record Result(int line, Kind kind, String deviceId, String detail) {
        Result atLine(int number) {
            return new Result(number, kind, deviceId, detail);
        }

        String describe() {
            String where = line > 0 ? "line " + line + ": " : "";
            return switch (kind) {
                case ADDED -> where + "added " + deviceId + " (" + detail + ")";
                case DUPLICATE -> where + "duplicate " + deviceId + " (" + detail + ")";
                case INVALID -> where + "invalid" + (deviceId.isEmpty() ? "" : " " + abbreviate(deviceId)) + ": " + detail;
            };
        }
    }
}
