package io.edgeprov.tests.tpm;

import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.SwtpmInstance;
import io.edgeprov.sim.tpm.SwtpmTpm;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;

/**
 * Every device TPM back end the proofs run against: the in-process SoftwareTpm and a real TPM
 * 2.0 (one swtpm process per test class), each with an RSA 2048 and an ECC P-256 EK.
 */
final class TpmBackends implements AutoCloseable {
    private final SwtpmInstance swtpm;
    private final SimulatedManufacturerCa vendor;
    private final List<NamedTpm> all;
    private final NamedTpm swtpmP384;

    private TpmBackends(SwtpmInstance swtpm, SimulatedManufacturerCa vendor, List<NamedTpm> all, NamedTpm swtpmP384) {
        this.swtpm = swtpm;
        this.vendor = vendor;
        this.all = all;
        this.swtpmP384 = swtpmP384;
    }

    /** Manufactures and starts one swtpm under {@code dir} and opens all four back ends. */
    static TpmBackends start(Path dir, Clock clock) throws TpmOperationException {
        SecureRandom random = new SecureRandom();
        SimulatedManufacturerCa vendor = SimulatedManufacturerCa.create("Simulated TPM EK Root", clock, random);
        SwtpmInstance swtpm = SwtpmInstance.manufacture(dir.resolve("swtpm"));
        try {
            List<NamedTpm> all = List.of(
                    new NamedTpm("software RSA EK", software(SoftwareTpm.EndorsementKeyType.RSA_2048, vendor, clock, random)),
                    new NamedTpm("software ECC EK", software(SoftwareTpm.EndorsementKeyType.ECC_P256, vendor, clock, random)),
                    new NamedTpm("swtpm RSA EK", SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.RSA_2048, dir.resolve("rsa"))),
                    new NamedTpm("swtpm ECC EK", SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.ECC_P256, dir.resolve("ecc"))));
            NamedTpm p384 = new NamedTpm("swtpm ECC P-384 EK",
                    SwtpmTpm.open(swtpm, SwtpmTpm.EndorsementKeyType.ECC_P384, dir.resolve("ecc384")));
            return new TpmBackends(swtpm, vendor, all, p384);
        } catch (TpmOperationException | RuntimeException e) {
            swtpm.close();
            throw e;
        }
    }

    private static SoftwareTpm software(SoftwareTpm.EndorsementKeyType type, SimulatedManufacturerCa vendor, Clock clock,
                                        SecureRandom random) {
        return SoftwareTpm.builder().endorsementKey(type).manufacturerCa(vendor).clock(clock).random(random).build();
    }

    /** Software and swtpm, each with an RSA 2048 and an ECC P-256 EK: every case that needs no particular EK. */
    List<NamedTpm> all() {
        return all;
    }

    /** {@link #all()} plus swtpm's certified ECC P-384 EK (SHA-384, AES-256), for the EK-specific proofs. */
    List<NamedTpm> everyEk() {
        return java.util.stream.Stream.concat(all.stream(), java.util.stream.Stream.of(swtpmP384)).toList();
    }

    /** The swtpm back end whose EK is the one swtpm_setup certified with the given type. */
    NamedTpm swtpm(String name) {
        return everyEk().stream().filter(b -> b.name().equals(name)).findFirst().orElseThrow();
    }

    SwtpmInstance swtpm() {
        return swtpm;
    }

    SimulatedManufacturerCa vendor() {
        return vendor;
    }

    /** Closes every back end, then stops the swtpm process by its PID. */
    @Override
    public void close() {
        everyEk().forEach(named -> named.tpm().close());
        swtpm.close();
    }
}
