package io.edgeprov.gateway.app.cli;

import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.Operators;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The people the gateway knows: {@code operator add} registers one by their client certificate, {@code operator list} shows them. */
@Command(name = "operator", mixinStandardHelpOptions = true, description = "Register and list operators.",
        subcommands = {OperatorCommand.Add.class, OperatorCommand.List.class, OperatorCommand.Disable.class,
            OperatorCommand.Enable.class})
public final class OperatorCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "name a subcommand: operator add | list | disable | enable");
    }

    /** Registers a person by the client certificate they will present, with one role. */
    @Command(name = "add", mixinStandardHelpOptions = true,
            description = {"Register an operator by their client certificate (PEM), with one role:",
                "  technician  onboard and approve devices, view the fleet",
                "  operator    revoke devices, change policy, view the fleet",
                "  auditor     view the fleet and the audit trail"})
    public static final class Add implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to change.")
        Path configFile;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "Their name in the audit trail: 1 to 64 of [a-z0-9._@-].")
        String name;

        @Option(names = "--role", required = true, paramLabel = "ROLE", description = "technician, operator or auditor.")
        String role;

        @Option(names = "--certificate", paramLabel = "PEM", description = "Register an existing client certificate (PEM or DER) issued by the gateway CA; only its SHA-256 is kept.")
        Path certificate;

        @Option(names = "--issue", paramLabel = "P12", description = "Issue a new client certificate and key from the gateway CA into this PKCS#12 file (mode 600), protected by a password read without echo or from --password-file.")
        Path issue;

        @Option(names = "--password-file", paramLabel = "FILE", description = "With --issue: read the PKCS#12 password from this file (first line) instead of the terminal.")
        Path passwordFile;

        @Option(names = "--valid-days", paramLabel = "DAYS", defaultValue = "365", description = "With --issue: certificate lifetime in days, 1 to 398 (default ${DEFAULT-VALUE}).")
        int validDays;

        @Override
        public Integer call() throws Exception {
            if (!Operator.isValidName(name)) {
                throw new ParameterException(spec.commandLine(), "--name: 1 to 64 characters of [a-z0-9._@-], starting with a letter or digit");
            }
            OperatorRole parsed = OperatorRole.fromWord(role).orElseThrow(() -> new ParameterException(spec.commandLine(),
                    "--role: '" + role + "' is not one of " + Arrays.stream(OperatorRole.values()).map(OperatorRole::word)
                            .collect(Collectors.joining(", "))));
            if ((certificate == null) == (issue == null)) {
                throw new ParameterException(spec.commandLine(), "name exactly one of --certificate PEM or --issue P12");
            }
            if (issue == null && passwordFile != null) {
                throw new ParameterException(spec.commandLine(), "--password-file only goes with --issue");
            }
            GatewayConfig config = CliSupport.loadConfig(spec, configFile);
            Sha256Digest fingerprint = issue != null
                    ? OperatorCredentials.issue(spec, config, name, issue, passwordFile, validDays)
                    : fingerprint(spec, certificate);
            PrintWriter console = spec.commandLine().getOut();
            Clock clock = Clock.systemUTC();
            try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock)) {
                Operators operators = new Operators(open.registry.operators(), open.registry.auditLog(), clock);
                Operators.Registration registration = operators.register(Principal.LocalAdministrator.current(), name, parsed,
                        fingerprint).join();
                if (registration instanceof Operators.Registration.Added added) {
                    console.printf("added: operator %s, role %s, certificate SHA-256 %s%n", added.operator().name(),
                            added.operator().role().word(), fingerprint.hex());
                    if (issue != null) {
                        console.printf("wrote %s: the console connects with it as client id op@%s%n", issue,
                                added.operator().name());
                    }
                    console.flush();
                    return 0;
                }
                console.printf("not added: %s%n", registration instanceof Operators.Registration.Duplicate duplicate
                        ? duplicate.detail() : "not permitted");
                console.flush();
                return 1;
            }
        }

        private static Sha256Digest fingerprint(CommandSpec spec, Path file) {
            if (!Files.isRegularFile(file)) {
                throw new ParameterException(spec.commandLine(), "--certificate: no file at " + file);
            }
            try (InputStream in = Files.newInputStream(file)) {
                X509Certificate x509 = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                if (x509.getBasicConstraints() >= 0) {
                    throw new ParameterException(spec.commandLine(), "--certificate: a CA certificate cannot identify a person");
                }
                if (io.edgeprov.gateway.admin.AdminPlane.namesDeviceOrGateway(x509)) {
                    throw new ParameterException(spec.commandLine(), "--certificate: a device or gateway certificate cannot"
                            + " identify a person");
                }
                return Sha256Digest.of(x509.getEncoded());
            } catch (CertificateException | IOException e) {
                throw new ParameterException(spec.commandLine(), "--certificate: " + file + " is not a certificate ("
                        + e.getClass().getSimpleName() + ")");
            }
        }
    }

    /** Lists the registered operators, one line each; certificates are shown by their SHA-256 only. */
    @Command(name = "list", mixinStandardHelpOptions = true, description = "List the registered operators.")
    public static final class List implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to read.")
        Path configFile;

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = CliSupport.loadConfig(spec, configFile);
            PrintWriter console = spec.commandLine().getOut();
            try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, Clock.systemUTC())) {
                java.util.List<Operator> all = open.registry.operators().all();
                for (Operator operator : all) {
                    console.printf("%-24s %-10s %s %s, added by %s at %s%n", operator.name(), operator.role().word(),
                            operator.certificateSha256().hex(), operator.enabled() ? "enabled" : "disabled",
                            operator.addedBy(), operator.addedAt());
                }
                console.printf("%d operator(s)%n", all.size());
                console.flush();
                return 0;
            }
        }
    }

    /** Shared by disable and enable: the operator's certificate stops (or starts again) working at once. */
    abstract static class Switch implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Option(names = "--config", required = true, paramLabel = "FILE", description = "The gateway.yaml whose registry to change.")
        Path configFile;

        @Option(names = "--name", required = true, paramLabel = "NAME", description = "The operator's name.")
        String name;

        abstract boolean enabled();

        @Override
        public Integer call() throws Exception {
            GatewayConfig config = CliSupport.loadConfig(spec, configFile);
            PrintWriter console = spec.commandLine().getOut();
            Clock clock = Clock.systemUTC();
            try (CliSupport.OpenRegistry open = new CliSupport.OpenRegistry(config, clock)) {
                Operators operators = new Operators(open.registry.operators(), open.registry.auditLog(), clock);
                java.util.Optional<Operator> changed = operators.setEnabled(Principal.LocalAdministrator.current(), name,
                        enabled()).join();
                console.printf(changed.isPresent() ? "%s: operator %s%n" : "not changed: no operator %2$s%n",
                        enabled() ? "enabled" : "disabled", name);
                console.flush();
                return changed.isPresent() ? 0 : 1;
            }
        }
    }

    /** Disables an operator: a running gateway refuses their next request and their next connect. */
    @Command(name = "disable", mixinStandardHelpOptions = true,
            description = "Disable an operator: their certificate is refused at connect, and their next request on an open"
                    + " connection is refused and the connection cut.")
    public static final class Disable extends Switch {
        @Override
        boolean enabled() {
            return false;
        }
    }

    @Command(name = "enable", mixinStandardHelpOptions = true, description = "Enable a disabled operator again.")
    public static final class Enable extends Switch {
        @Override
        boolean enabled() {
            return true;
        }
    }
}
