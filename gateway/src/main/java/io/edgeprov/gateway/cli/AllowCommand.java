package io.edgeprov.gateway.cli;

import io.edgeprov.gateway.audit.AuditEvent;
import io.edgeprov.gateway.audit.AuditOutcome;
import io.edgeprov.gateway.config.GatewayConfig;
import io.edgeprov.gateway.identity.DeviceIds;
import io.edgeprov.gateway.registry.DeviceRecord;
import io.edgeprov.gateway.registry.Enrollment;
import io.edgeprov.gateway.registry.EnrollmentRule;
import io.edgeprov.gateway.registry.RegistryException;
import io.edgeprov.gateway.registry.RegistryFailure;
import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.gateway.registry.value.Sha256Digest;
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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Lets devices enroll: one device by its EK hash, a group by manufacturer roots and a serial
 * pattern, or a CSV batch; or disables an enrollment. Every change is written with its audit entry,
 * naming the local operator as the actor.
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
    static final String INDIVIDUAL_PREFIX = "device-";
    static final String GROUP_PREFIX = "group-";
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

    @Override
    public Integer call() throws Exception {
        Mode mode = mode();
        GatewayConfig config = CliSupport.loadConfig(spec, configFile);
        PrintWriter console = spec.commandLine().getOut();
        try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock)) {
            return switch (mode) {
                case DEVICE -> allowDevice(open.registry, console);
                case GROUP -> allowGroup(open.registry, config, console);
                case CSV -> allowCsv(open.registry, console);
                case DISABLE -> disable(open.registry, console);
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

    private int allowDevice(SqliteRegistry registry, PrintWriter console) {
        Result result = add(registry, device, Sha256Digest.fromHex(ekSha256.toLowerCase(java.util.Locale.ROOT))).join();
        console.println(result.describe());
        console.flush();
        return result.kind == Kind.ADDED ? 0 : 1;
    }

    private int allowGroup(SqliteRegistry registry, GatewayConfig config, PrintWriter console) throws IOException {
        List<X509Certificate> certificates = readRoots(roots);
        Path folder = config.dataDir().resolve(TRUST_FOLDER);
        Files.createDirectories(folder);
        Path bundle = folder.resolve(group + ".pem");
        String id = GROUP_PREFIX + group;
        Instant now = now();
        Enrollment enrollment = new Enrollment(id, new EnrollmentRule.Group(group, serialPattern), true, CliSupport.operator(), now);
        AuditEvent audit = AuditEvent.of(now, CliSupport.operator(), "enrollment.add", id, AuditOutcome.SUCCESS, "OK")
                .withDetail("kind", "group").withDetail("serialPattern", serialPattern)
                .withDetail("roots", String.valueOf(certificates.size()));
        try {
            registry.enrollments().add(enrollment, audit).join();
        } catch (CompletionException e) {
            if (isFailure(e, RegistryFailure.ENROLLMENT_EXISTS)) {
                console.printf("duplicate: group %s already exists (enrollment %s)%n", group, id);
                console.flush();
                return 1;
            }
            throw e;
        }
        // Written after the registry accepted the group, so a refused duplicate never replaces a live bundle.
        Files.write(bundle, Files.readAllBytes(roots), StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
        console.printf("added: group %s (enrollment %s), serials matching %s, %d manufacturer root(s) kept in %s%n", group, id,
                serialPattern, certificates.size(), bundle);
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

    private int allowCsv(SqliteRegistry registry, PrintWriter console) throws IOException {
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
                results.add(add(registry, id, Sha256Digest.fromHex(ek)).thenApply(r -> r.atLine(number)));
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

    private CompletableFuture<Result> add(SqliteRegistry registry, String deviceId, Sha256Digest ek) {
        Instant now = now();
        String id = INDIVIDUAL_PREFIX + deviceId;
        Enrollment enrollment = new Enrollment(id, new EnrollmentRule.Individual(deviceId, ek), true, CliSupport.operator(), now);
        AuditEvent audit = AuditEvent.of(now, CliSupport.operator(), "enrollment.add", deviceId, AuditOutcome.SUCCESS, "OK")
                .withDetail("kind", "individual").withDetail("enrollmentId", id).withDetail("ekSha256", ek.hex());
        return registry.enrollments().add(enrollment, audit)
                .thenCompose(added -> registry.devices().find(deviceId).isPresent()
                        ? CompletableFuture.completedFuture(null)
                        : registry.devices().save(DeviceRecord.pending(deviceId)))
                .handle((ok, failure) -> {
                    if (failure == null) {
                        return new Result(0, Kind.ADDED, deviceId, "enrollment " + id);
                    }
                    if (isFailure(failure, RegistryFailure.ENROLLMENT_EXISTS)) {
                        return new Result(0, Kind.DUPLICATE, deviceId, "device or EK is already allowed");
                    }
                    throw new CompletionException(failure);
                });
    }

    private int disable(SqliteRegistry registry, PrintWriter console) {
        Optional<Enrollment> found = registry.enrollments().findById(disable)
                .or(() -> DeviceIds.isValid(disable) ? registry.enrollments().findIndividualByDeviceId(disable) : Optional.empty());
        if (found.isEmpty()) {
            console.printf("not found: no enrollment with id or device id %s%n", abbreviate(disable));
            console.flush();
            return 1;
        }
        String id = found.get().enrollmentId();
        AuditEvent audit = AuditEvent.of(now(), CliSupport.operator(), "enrollment.disable", id, AuditOutcome.SUCCESS, "OK");
        registry.enrollments().setEnabled(id, false, audit).join();
        console.printf("disabled: enrollment %s%n", id);
        console.flush();
        return 0;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static boolean isFailure(Throwable failure, RegistryFailure expected) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause instanceof RegistryException registry && registry.failure() == expected;
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
