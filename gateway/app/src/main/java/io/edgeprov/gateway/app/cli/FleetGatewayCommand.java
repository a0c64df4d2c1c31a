package io.edgeprov.gateway.app.cli;

import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.io.PrintWriter;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Run by the fleet's administrator where the offline fleet root is: makes another gateway's CA and fleet
 * identity, signed by that root, as two encrypted PKCS#12 files to carry to the gateway and import with
 * {@code init --import-ca ... --import-identity ...}. The identity names the devices the gateway may
 * revoke fleet-wide.
 */
@Command(name = "fleet-gateway", mixinStandardHelpOptions = true,
        description = {"With the offline fleet root: make another gateway's CA and fleet identity (two encrypted PKCS#12 files).",
            "On that gateway: edge-provisioner init --import-ca gateway-ca.p12 --import-identity gateway-identity.p12 ..."})
public final class FleetGatewayCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--root", required = true, paramLabel = "P12", description = "The fleet root (fleet-root.p12 from init).")
    Path rootFile;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SecretOptions.Root rootPassphrase;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SecretOptions.Ca caPassphrase;

    @Option(names = "--fleet-org", required = true, paramLabel = "NAME", description = "The fleet's organization, as at init.")
    String fleetOrg;

    @Option(names = "--trust-domain", required = true, paramLabel = "DOMAIN", description = "The fleet's trust domain, as at init.")
    String trustDomain;

    @Option(names = "--gateway-id", required = true, paramLabel = "ID", description = "The other gateway's id.")
    String gatewayId;

    @Option(names = "--authority", paramLabel = "PATTERN", split = ",",
            description = "Devices it may revoke fleet-wide: *, an id prefix ending in *, or an id (default: *).")
    List<String> authority;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder for gateway-ca.p12 and gateway-identity.p12.")
    Path out;

    @Option(names = "--validity-days", defaultValue = "730", description = "Lifetime of both (default: ${DEFAULT-VALUE}).")
    int validityDays;

    @Override
    public Integer call() throws Exception {
        FleetNaming naming;
        try {
            naming = new FleetNaming(fleetOrg, trustDomain);
            naming.gatewayUri(gatewayId);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        List<String> patterns = authority == null ? List.of("*") : authority;
        Path caFile = out.resolve(InitCommand.CA_P12);
        Path identityFile = out.resolve(InitCommand.IDENTITY_P12);
        for (Path target : List.of(caFile, identityFile)) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target + " already exists; choose another --out");
            }
        }
        Files.createDirectories(out);
        PassphraseSource rootSecret = source(rootPassphrase.choice());
        PassphraseSource outSecret = source(caPassphrase.choice());
        BouncyCastleProvider provider = new BouncyCastleProvider();
        CaHierarchy hierarchy = new CaHierarchy(naming, provider, new SecureRandom(), Clock.systemUTC());
        PrintWriter console = spec.commandLine().getOut();
        try (CaKeyStore root = Pkcs12CaKeyStore.load(rootFile, rootSecret)) {
            X509Certificate rootCertificate = root.certificate();
            KeyPair caKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
            X509Certificate ca = hierarchy.signGatewayCa(root, gatewayId, caKey.getPublic(), Duration.ofDays(validityDays));
            Pkcs12CaKeyStore.write(caFile, caKey.getPrivate(), List.of(ca, rootCertificate), outSecret);
            console.printf("wrote  %s (gateway CA of %s, until %s)%n", caFile, gatewayId, ca.getNotAfter().toInstant());
            KeyPair identityKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
            X509Certificate identity = hierarchy.signGatewayIdentity(root, gatewayId, identityKey.getPublic(), patterns,
                    Duration.ofDays(validityDays));
            Pkcs12CaKeyStore.write(identityFile, identityKey.getPrivate(), List.of(identity, rootCertificate), outSecret);
            console.printf("wrote  %s (fleet identity of %s, authority over %s, until %s)%n", identityFile, gatewayId,
                    String.join(", ", patterns), identity.getNotAfter().toInstant());
        }
        console.flush();
        return 0;
    }

    private static PassphraseSource source(SecretOptions.SecretChoice choice) {
        return choice.file().map(PassphraseSource::fromFile)
                .orElseGet(() -> PassphraseSource.fromEnvironment(choice.env().orElseThrow()));
    }
}
