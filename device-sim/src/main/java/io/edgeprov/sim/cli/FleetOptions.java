package io.edgeprov.sim.cli;

import io.edgeprov.sim.fleet.EkMix;
import io.edgeprov.sim.fleet.FleetBuilder;
import io.edgeprov.sim.fleet.Onboarding;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/** The options that decide which TPMs a fleet has, shared by {@code fleet} and {@code onboarding}. */
final class FleetOptions {
    @Option(names = "--devices", required = true, description = "How many devices.")
    int devices;

    @Option(names = "--ek", defaultValue = "mixed", description = "EK type: rsa, ecc or mixed (default ${DEFAULT-VALUE}).",
            converter = EkMixConverter.class)
    EkMix ekMix;

    @Option(names = "--id-prefix", defaultValue = "sim-", description = "Device id prefix (default ${DEFAULT-VALUE}).")
    String idPrefix;

    @Option(names = "--seed", description = "Make the TPMs reproducible: the same seed gives the same EKs (simulation only).")
    Optional<Long> seed;

    @Option(names = "--onboarding-out", description = "Write deviceId,ekSha256 CSV here before the run.")
    Optional<Path> onboardingOut;

    @Option(names = "--manufacturer-out", description = "Write the manufacturer (EK) CA certificate here as PEM.")
    Optional<Path> manufacturerOut;

    FleetBuilder apply(FleetBuilder builder) {
        builder.devices(devices).ekMix(ekMix).idPrefix(idPrefix);
        seed.ifPresent(builder::seed);
        return builder;
    }

    void writeOnboarding(io.edgeprov.sim.fleet.Fleet fleet) throws IOException {
        if (onboardingOut.isPresent()) {
            try (Writer out = Files.newBufferedWriter(onboardingOut.get(), StandardCharsets.US_ASCII)) {
                Onboarding.writeCsv(fleet.onboarding(), out);
            }
        }
        if (manufacturerOut.isPresent()) {
            Files.writeString(manufacturerOut.get(), Onboarding.pem(fleet.manufacturerCertificate()), StandardCharsets.US_ASCII);
        }
    }

    static final class EkMixConverter implements picocli.CommandLine.ITypeConverter<EkMix> {
        @Override
        public EkMix convert(String value) {
            try {
                return EkMix.parse(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
