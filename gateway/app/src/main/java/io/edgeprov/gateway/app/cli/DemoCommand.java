package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.core.operator.Principal;

import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.registry.sqlite.SqliteAuditReader;
import io.edgeprov.gateway.core.revocation.RevocationOutcome;
import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetBuilder;
import io.edgeprov.sim.fleet.FleetProgress;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.FleetTransport;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The product's main job on loopback, with nothing to configure: a gateway made with {@code init},
 * its embedded MQTT broker on TLS and its CoAP front end on DTLS, a fleet of simulated TPM devices (a mixed
 * fleet by default: every other device on CoAP) allowed with {@code allow}, then
 * attesting, receiving short-lived certificates, renewing them over mTLS, a few strangers refused,
 * and an operator revoking devices mid-run. Progress is printed every second.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Run a gateway with its embedded broker and a simulated fleet that enrolls, renews and is revoked.")
public final class DemoCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", defaultValue = "edgeprov-demo", description = "Folder for the demo's gateways (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--devices", defaultValue = "50", description = "Devices in the fleet, 1..2000 (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--duration", defaultValue = "40s", description = "How long the fleet runs, e.g. 40s or 2m (default: ${DEFAULT-VALUE}).")
    String duration;

    @Option(names = "--renew-after", defaultValue = "8s", description = "Devices renew this long after each certificate (default: ${DEFAULT-VALUE}).")
    String renewAfter;

    @Option(names = "--revoke", defaultValue = "2", description = "Devices the operator revokes mid-run (default: ${DEFAULT-VALUE}).")
    int revoke;

    @Option(names = "--console", defaultValue = "auto",
            description = "Open the JavaFX console on the demo's gateway: auto (when a display is available and provisioner-ui/console.sh is"
                    + " here), always, never (default: ${DEFAULT-VALUE}).", converter = ConsoleModeConverter.class)
    ConsoleMode consoleMode;

    /** Whether the demo opens the console. */
    enum ConsoleMode { AUTO, ALWAYS, NEVER }

    /** The lower-case words the help shows. */
    static final class ConsoleModeConverter implements CommandLine.ITypeConverter<ConsoleMode> {
        @Override
        public ConsoleMode convert(String value) {
            for (ConsoleMode mode : ConsoleMode.values()) {
                if (mode.name().equalsIgnoreCase(value)) {
                    return mode;
                }
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not auto, always or never");
        }
    }

    @Option(names = "--transport", defaultValue = "mixed",
            description = "What the devices speak: mqtt, coap, or mixed (every other device on CoAP/DTLS) (default: ${DEFAULT-VALUE}).")
    String transport;

    @Override
    public Integer call() throws Exception {
        Duration runFor = parseDuration("--duration", duration, Duration.ofSeconds(5), Duration.ofHours(1));
        Duration renewEvery = parseDuration("--renew-after", renewAfter, Duration.ofSeconds(1), Duration.ofHours(1));
        if (devices < 1 || devices > 2000) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--devices must be 1..2000, was " + devices);
        }
        if (revoke < 0 || revoke > devices) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--revoke must be 0..--devices, was " + revoke);
        }
        FleetTransport wire;
        try {
            wire = FleetTransport.parse(transport);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--" + e.getMessage());
        }
        PrintWriter console = spec.commandLine().getOut();
        Path folder = out.resolve("run-" + LocalDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Files.createDirectories(folder);
        console.printf("Edge Provisioner demo: %d simulated TPM devices against a gateway on loopback (folder %s)%n%n", devices, folder);

        Path config = initGateway(folder, console);
        GatewayApplication gateway = GatewayApplication.builder().config(new GatewayConfigLoader().load(config)).build();
        gateway.start();
        OperatorFile operator;
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "demo-operator");
            thread.setDaemon(true);
            return thread;
        });
        try {
            console.printf("[2] gateway running: MQTT over TLS on %s (embedded HiveMQ, fails closed), health http://127.0.0.1:%d/health%n",
                    gateway.mqttAddress(), gateway.httpPort());
            gateway.coapAddress().ifPresent(coap -> console.printf("    and CoAP over DTLS (EST-coaps) on coaps://%s:%d/.well-known/est%n",
                    coap.getHostString(), coap.getPort()));
            operator = issueOperator(folder, config, console);
            Optional<Process> consoleWindow = openConsole(gateway, operator, console);
            List<X509Certificate> trust = trustChain(folder.resolve("gw"));
            if (wire.uses(FleetTransport.COAP) && gateway.coapAddress().isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--transport " + wire + " needs the gateway's CoAP front end");
            }
            Fleet fleet = onto(Fleet.builder().devices(devices).concurrency(16).idPrefix("sensor-").ekMix(EkMix.MIXED), gateway, wire, trust)
                    .renewAfter(renewEvery).duration(runFor).progressInterval(Duration.ofSeconds(1)).build();
            List<OnboardingEntry> onboarding = fleet.onboarding();
            allow(folder.resolve("gw"), config, onboarding);
            console.printf("[3] technician allowed %d devices (`allow --csv`: device id + SHA-256 of its TPM endorsement key)%n", onboarding.size());
            Fleet strangers = onto(Fleet.builder().devices(2).concurrency(2).idPrefix("stranger-").ekMix(EkMix.ECC), gateway, wire, trust)
                    .duration(Duration.ofSeconds(Math.min(10, runFor.toSeconds()))).build();
            console.printf("[4] fleet starts (%s): each device attests with its TPM (EK, AK, ActivateCredential, TPM2_Certify),"
                    + " gets a certificate, reconnects with it (mTLS, or DTLS for CoAP) and renews every %ds; 2 unknown devices try too%n%n",
                    describe(wire), renewEvery.toSeconds());

            List<String> revoked = new ArrayList<>();
            for (int i = 0; i < revoke; i++) {
                revoked.add(onboarding.get(onboarding.size() - 1 - i).deviceId().value());
            }
            timer.schedule(() -> revokeDevices(gateway, revoked, console), runFor.toMillis() * 3 / 5, TimeUnit.MILLISECONDS);
            CompletableFuture<FleetReport> strangerRun = CompletableFuture.supplyAsync(() -> runQuietly(strangers));
            FleetReport report = fleet.run(progress -> printProgress(console, progress));
            FleetReport strangerReport = strangerRun.join();

            console.printf("%n[6] fleet report%n%s", indent(report.summary()));
            console.printf("    strangers: enrolled %d, refused %s%n", strangerReport.enrolled(),
                    strangerReport.refusals().isEmpty() ? "none" : strangerReport.refusals());
            int onRecord = 0;
            for (OnboardingEntry device : onboarding) {
                onRecord += gateway.registry().certificates().findByDevice(device.deviceId().value()).size();
            }
            console.printf("%n[7] gateway: %d certificates on record for the fleet%n", onRecord);
            if (consoleWindow.isPresent() && consoleWindow.get().isAlive()) {
                console.printf("%n[8] the gateway stays up while the console is open: close its window to end the demo%n");
                console.flush();
                consoleWindow.get().waitFor();
            }
        } finally {
            timer.shutdownNow();
            gateway.stop();
        }
        try (SqliteAuditReader audit = SqliteAuditReader.open(folder.resolve("gw/data/registry.db"))) {
            ChainVerdict verdict = new AuditChainVerifier(audit).verify();
            console.printf("    audit chain %s%n", verdict instanceof ChainVerdict.Intact intact
                    ? "intact (" + intact.count() + " hash-chained entries)" : "BROKEN: " + verdict);
        }
        console.printf("%nInspect it yourself:%n  java -jar gateway/app/target/edge-provisioner.jar audit verify --config %s%n"
                + "  openssl crl -in %s -noout -text | head -20%n", config, folder.resolve("gw/data/crl.pem"));
        console.printf("Open the console on this gateway later (a display is needed): start it with%n"
                + "  java -jar gateway/app/target/edge-provisioner.jar run --config %s%n"
                + "then, with the MQTT address `run` prints,%n"
                + "  provisioner-ui/console.sh --gateway 127.0.0.1:PORT --certificate %s%n"
                + "and type the password kept in %s (role operator; `operator add --issue` makes more)%n",
                config, operator.p12(), operator.passwordFile());
        console.flush();
        return 0;
    }

    /** An operator's PKCS#12 file for the console and the mode-600 file holding its password. */
    private record OperatorFile(Path p12, Path passwordFile) {
    }

    private static OperatorFile issueOperator(Path folder, Path config, PrintWriter console) throws Exception {
        Path password = secretFile(folder.resolve("operator.pass"));
        Path p12 = folder.resolve("operator.p12");
        runQuiet("operator", "add", "--config", config.toString(), "--name", "demo-operator", "--role", "operator",
                "--issue", p12.toString(), "--password-file", password.toString());
        console.printf("    operator `demo-operator` (role operator) can open the console with %s (password in %s)%n", p12, password);
        return new OperatorFile(p12, password);
    }

    /**
     * Starts the console as its own process on this gateway when asked to, or by default when a display is
     * available and the console's launcher is in the working folder (the repository); the technician types
     * the password in its window.
     */
    private Optional<Process> openConsole(GatewayApplication gateway, OperatorFile operator, PrintWriter console) {
        Path launcher = Path.of("provisioner-ui", "console.sh");
        boolean display = !System.getenv().getOrDefault("DISPLAY", "").isBlank()
                || !System.getenv().getOrDefault("WAYLAND_DISPLAY", "").isBlank();
        if (consoleMode == ConsoleMode.NEVER || (consoleMode == ConsoleMode.AUTO && (!display || !Files.isExecutable(launcher)))) {
            if (consoleMode == ConsoleMode.AUTO) {
                console.printf("    console: not opened (%s); the end of this run says how to open it later%n",
                        display ? "run the demo from the repository folder to have provisioner-ui/console.sh" : "no display");
            }
            return Optional.empty();
        }
        try {
            Process process = new ProcessBuilder(launcher.toString(), "--gateway",
                    gateway.mqttAddress().getHostString() + ":" + gateway.mqttAddress().getPort(),
                    "--certificate", operator.p12().toString())
                    .redirectErrorStream(true).redirectOutput(operator.p12().resolveSibling("console.log").toFile()).start();
            console.printf("    console: opening (builds provisioner-ui on first use; log in %s); type the password from %s%n",
                    operator.p12().resolveSibling("console.log"), operator.passwordFile());
            return Optional.of(process);
        } catch (java.io.IOException e) {
            console.printf("    console: could not start %s: %s%n", launcher, e.getMessage());
            return Optional.empty();
        }
    }

    private Path initGateway(Path folder, PrintWriter console) throws Exception {
        Path rootPass = secretFile(folder.resolve("root.pass"));
        Path caPass = secretFile(folder.resolve("ca.pass"));
        Path gw = folder.resolve("gw");
        runQuiet("init", "--out", gw.toString(), "--fleet-org", "Demo Fleet", "--trust-domain", "fleet.demo.internal",
                "--gateway-id", "gw-demo", "--root-passphrase-file", rootPass.toString(),
                "--ca-passphrase-file", caPass.toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0");
        console.printf("[1] `init`: fleet root CA and gateway CA (encrypted PKCS#12, passphrases in mode-600 files), gateway.yaml in %s%n", gw);
        return gw.resolve("gateway.yaml");
    }

    private static void allow(Path gw, Path config, List<OnboardingEntry> onboarding) throws Exception {
        Path csv = gw.resolve("devices.csv");
        try (Writer writer = Files.newBufferedWriter(csv)) {
            Onboarding.writeCsv(onboarding, writer);
        }
        runQuiet("allow", "--config", config.toString(), "--csv", csv.toString());
    }

    private static void revokeDevices(GatewayApplication gateway, List<String> deviceIds, PrintWriter console) {
        for (String deviceId : deviceIds) {
            try {
                RevocationOutcome outcome = gateway.revocation().revokeDevice(new Principal.LocalAdministrator("demo"), deviceId,
                        RevocationReason.KEY_COMPROMISE);
                console.printf("    >> operator revoked %s (keyCompromise): %d certificate(s), CRL #%s published, device cut off%n",
                        deviceId, outcome.serials().size(), outcome.crlNumber());
            } catch (RuntimeException e) {
                console.printf("    >> revoking %s failed: %s%n", deviceId, e.getMessage());
            }
        }
    }

    private static void printProgress(PrintWriter console, FleetProgress progress) {
        console.printf("[5] t=%3ds  %s  | enrolled %d, renewed %d, refused %d | %.1f enrollments/s, %.1f renewals/s%n",
                progress.elapsed().toSeconds(), progress.states(), progress.enrolled(), progress.renewed(), progress.refused(),
                progress.enrolledPerSecond(), progress.renewedPerSecond());
        console.flush();
    }

    private static FleetReport runQuietly(Fleet fleet) {
        try {
            return fleet.run(progress -> { });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void runQuiet(String... args) {
        StringWriter text = new StringWriter();
        CommandLine command = EdgeProvisionerCommand.commandLine();
        command.setOut(new PrintWriter(text, true));
        command.setErr(new PrintWriter(text, true));
        int exit = command.execute(args);
        if (exit != 0) {
            throw new IllegalStateException("`" + args[0] + "` failed (exit " + exit + "): " + text);
        }
    }

    private static List<X509Certificate> trustChain(Path gw) throws Exception {
        byte[] pem = Files.readAllBytes(gw.resolve("gateway-ca-chain.pem"));
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toList();
    }

    private static Path secretFile(Path file) throws Exception {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
    }

    private Duration parseDuration(String option, String text, Duration min, Duration max) {
        Duration parsed = io.edgeprov.gateway.app.config.Durations.parse(text).orElse(null);
        if (parsed == null || parsed.compareTo(min) < 0 || parsed.compareTo(max) > 0) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    option + " must be a duration such as 40s or 2m, from " + min + " to " + max + "; was '" + text + "'");
        }
        return parsed;
    }

    /** The fleet on the gateway's MQTT broker, its CoAP front end, or both. */
    private static FleetBuilder onto(FleetBuilder fleet, GatewayApplication gateway, FleetTransport wire, List<X509Certificate> trust) {
        fleet.transport(wire).trust(trust).broker("127.0.0.1", gateway.mqttAddress().getPort());
        gateway.coapAddress().ifPresent(coap -> fleet.coap("127.0.0.1", coap.getPort()));
        return fleet;
    }

    private static String describe(FleetTransport wire) {
        return switch (wire) {
            case MQTT -> "all over MQTT/TLS";
            case COAP -> "all over CoAP/DTLS";
            case MIXED -> "every other device over CoAP/DTLS, the rest over MQTT/TLS";
        };
    }

    private static String indent(String text) {
        return text.lines().map(line -> "    " + line + "\n").reduce("", String::concat);
    }
}
