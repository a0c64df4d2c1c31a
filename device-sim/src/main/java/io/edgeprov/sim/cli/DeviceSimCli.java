package io.edgeprov.sim.cli;

import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.sim.fleet.Fleet;
import io.edgeprov.sim.fleet.FleetBuilder;
import io.edgeprov.sim.fleet.FleetReport;
import io.edgeprov.sim.fleet.FleetTransport;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code device-sim}: simulated TPM devices against an Edge Provisioner gateway. */
@Command(name = "device-sim", mixinStandardHelpOptions = true, version = "device-sim 0.1",
        description = "Simulated TPM 2.0 devices that enroll, renew and reconnect over MQTT like real firmware.",
        subcommands = {DeviceSimCli.FleetCommand.class, DeviceSimCli.OnboardingCommand.class})
public final class DeviceSimCli {
    /** Exit code when the run ended with devices that never got or lost their certificate. */
    static final int SOME_DEVICES_FAILED = 1;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new DeviceSimCli());
    }

    /** Runs a fleet against the gateway's broker. */
    @Command(name = "fleet", mixinStandardHelpOptions = true,
            description = "Run N devices against the gateway broker and print progress and a report.")
    static final class FleetCommand implements Callable<Integer> {
        @Spec
        CommandSpec spec;

        @Mixin
        FleetOptions options;

        @Option(names = "--concurrency", defaultValue = "16", description = "Device steps in flight at once (default ${DEFAULT-VALUE}).")
        int concurrency;

        @Option(names = "--transport", defaultValue = "mqtt", converter = TransportConverter.class,
                description = "What the devices speak: mqtt, coap, or mixed (every other device on CoAP); default ${DEFAULT-VALUE}.")
        FleetTransport transport;

        @Option(names = "--broker", converter = CliConverters.BrokerConverter.class,
                description = "The gateway broker's TLS listener, host:port (for mqtt and mixed).")
        Optional<CliConverters.BrokerAddress> broker;

        @Option(names = "--coap", converter = CliConverters.BrokerConverter.class,
                description = "The gateway's CoAP over DTLS listener, host:port (for coap and mixed).")
        Optional<CliConverters.BrokerAddress> coap;

        @Option(names = "--enroll-port",
                description = "Broker port without client certificates for attestation (Mosquitto mode); default: the --broker port.")
        Optional<Integer> enrollPort;

        @Option(names = "--ca", required = true, description = "PEM file with the gateway CA chain (or its root).")
        Path ca;

        @Option(names = "--renew-after", converter = CliConverters.DurationConverter.class,
                description = "Renew this long after each issuance (e.g. 20s) instead of at 2/3 of the lifetime.")
        Optional<Duration> renewAfter;

        @Option(names = "--duration", converter = CliConverters.DurationConverter.class,
                description = "Run this long (e.g. 2m); default: until every device enrolled or gave up.")
        Optional<Duration> duration;

        @Option(names = "--rotate-keys", description = "Renew with a new TPM key each time.")
        boolean rotateKeys;

        @Override
        public Integer call() throws Exception {
            PrintWriter out = spec.commandLine().getOut();
            if (transport.uses(FleetTransport.MQTT) && broker.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--transport " + transport + " needs --broker host:port");
            }
            if (transport.uses(FleetTransport.COAP) && coap.isEmpty()) {
                throw new ParameterException(spec.commandLine(), "--transport " + transport + " needs --coap host:port");
            }
            List<X509Certificate> trust = CliConverters.readCertificates(ca);
            FleetBuilder builder = options.apply(Fleet.builder()).concurrency(concurrency).transport(transport)
                    .trust(trust).rotateKeys(rotateKeys);
            broker.ifPresent(b -> builder.broker(b.host(), b.port()));
            coap.ifPresent(c -> builder.coap(c.host(), c.port()));
            enrollPort.ifPresent(builder::enrollmentPort);
            renewAfter.ifPresent(builder::renewAfter);
            duration.ifPresent(builder::duration);
            try (Fleet fleet = builder.build()) {
                options.writeOnboarding(fleet);
                FleetReport report = fleet.run(progress -> {
                    out.println(progress);
                    out.flush();
                });
                out.print(report.summary());
                out.flush();
                return report.inState(SimulatedDeviceState.FAILED) + report.gaveUp() == 0 ? 0 : SOME_DEVICES_FAILED;
            }
        }
    }

    static final class TransportConverter implements picocli.CommandLine.ITypeConverter<FleetTransport> {
        @Override
        public FleetTransport convert(String value) {
            try {
                return FleetTransport.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** Writes the onboarding list and manufacturer CA without running anything. */
    @Command(name = "onboarding", mixinStandardHelpOptions = true,
            description = "Write the fleet's deviceId,ekSha256 CSV and manufacturer CA PEM (use --seed to match a later run).")
    static final class OnboardingCommand implements Callable<Integer> {
        @Mixin
        FleetOptions options;

        @Override
        public Integer call() throws Exception {
            if (options.onboardingOut.isEmpty() && options.manufacturerOut.isEmpty()) {
                throw new CommandLine.ParameterException(new CommandLine(this),
                        "give --onboarding-out and/or --manufacturer-out");
            }
            try (Fleet fleet = options.apply(Fleet.builder()).transports((id, tpm) -> {
                throw new IllegalStateException("the onboarding command never connects");
            }).build()) {
                options.writeOnboarding(fleet);
            }
            return 0;
        }
    }
}
