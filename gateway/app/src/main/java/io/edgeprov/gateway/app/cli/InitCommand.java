package io.edgeprov.gateway.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeprov.gateway.app.CaKeyStores;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.app.config.GatewayConfig.SecretRef;
import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.CaKeyStore;
import io.edgeprov.pki.keys.PassphraseSource;
import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Sets a gateway up from nothing: a fleet root (for offline use), a gateway CA signed by it, and a
 * starter {@code gateway.yaml} that points at them; or, with {@code --import-ca}, a gateway CA
 * signed elsewhere. Never overwrites a file.
 */
@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Create a fleet root and a gateway CA signed by it (or import a gateway CA), and a starter gateway.yaml.",
            "The fleet root is for OFFLINE use: move fleet-root.p12 off the gateway once init is done."})
public final class InitCommand implements Callable<Integer> {
    static final String ROOT_P12 = "fleet-root.p12";
    static final String ROOT_PEM = "fleet-root.pem";
    static final String CA_P12 = "gateway-ca.p12";
    static final String CA_PEM = "gateway-ca-chain.pem";
    static final String CONFIG = "gateway.yaml";
    static final String IDENTITY_P12 = "gateway-identity.p12";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Folder to create the files in (created if missing).")
    Path out;

    @Option(names = "--fleet-org", required = true, paramLabel = "NAME", description = "The fleet's organization (O= of every subject).")
    String fleetOrg;

    @Option(names = "--trust-domain", required = true, paramLabel = "DOMAIN",
            description = "The fleet's trust domain, a lower-case DNS name (host of every device URI).")
    String trustDomain;

    @Option(names = "--gateway-id", required = true, paramLabel = "ID", description = "This gateway's id, 1 to 64 of [A-Za-z0-9._-].")
    String gatewayId;

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    SecretOptions.Root rootPassphrase;

    @ArgGroup(exclusive = true, multiplicity = "1")
    SecretOptions.Ca caPassphrase;

    @Option(names = "--import-ca", paramLabel = "P12",
            description = "Use this gateway CA (PKCS#12, signed by your fleet root elsewhere) instead of creating a fleet root here.")
    Path importCa;

    @Option(names = "--import-identity", paramLabel = "P12",
            description = "With --import-ca: this gateway's fleet identity (PKCS#12 from 'fleet-gateway'), for upstream sync.")
    Path importIdentity;

    @Option(names = "--authority", paramLabel = "PATTERN", split = ",",
            description = "Devices this gateway may revoke fleet-wide, written into its identity: *, an id prefix ending in *,"
                    + " or an id (default: *).")
    List<String> authority;

    @Option(names = "--upstream", paramLabel = "URL", split = ",",
            description = "Upstream fleet broker node(s), ssl://host:port or tcp://host:port: gateway.yaml gets an upstream section.")
    List<String> upstream;

    @Option(names = "--identity-validity-days", defaultValue = "730",
            description = "Gateway identity lifetime (default: ${DEFAULT-VALUE}).")
    int identityValidityDays;

    @Option(names = "--mqtt-bind", defaultValue = "127.0.0.1", description = "Address of the MQTT TLS listener (default: ${DEFAULT-VALUE}).")
    String mqttBind;

    @Option(names = "--mqtt-port", defaultValue = "8883", description = "MQTT TLS port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int mqttPort;

    @Option(names = "--coap-port", defaultValue = "5684",
            description = "CoAP over DTLS (UDP) port on the MQTT address, 0 for any free one, -1 for no CoAP front end (default: ${DEFAULT-VALUE}).")
    int coapPort;

    @Option(names = "--http-port", defaultValue = "9464", description = "Port of /health and /metrics on loopback (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--root-validity-days", defaultValue = "3650", description = "Fleet root lifetime (default: ${DEFAULT-VALUE}).")
    int rootValidityDays;

    @Option(names = "--ca-validity-days", defaultValue = "730", description = "Gateway CA lifetime (default: ${DEFAULT-VALUE}).")
    int caValidityDays;

    @Override
    public Integer call() throws Exception {
        FleetNaming naming = validate();
        PrintWriter console = spec.commandLine().getOut();
        List<Path> targets = new ArrayList<>(List.of(out.resolve(CA_P12), out.resolve(CA_PEM), out.resolve(CONFIG)));
        if (importCa == null) {
            targets.addAll(List.of(out.resolve(ROOT_P12), out.resolve(ROOT_PEM)));
        }
        if (importCa == null || importIdentity != null) {
            targets.add(out.resolve(IDENTITY_P12));
        }
        if (importCa != null) {
            targets.add(out.resolve(ROOT_PEM));
        }
        for (Path target : targets) {
            if (Files.exists(target)) {
                throw new FileAlreadyExistsException(target + " already exists; init never overwrites, choose another --out");
            }
        }
        Files.createDirectories(out);
        PassphraseSource caSecret = CaKeyStores.source(caSecretRef(), System::getenv);
        List<X509Certificate> caChain = importCa == null ? createHierarchy(naming, caSecret, console) : importCa(caSecret, console);
        writeNew(out.resolve(CA_PEM), pem(caChain).getBytes(StandardCharsets.US_ASCII));
        console.printf("wrote  %s (gateway CA chain, public)%n", out.resolve(CA_PEM));
        writeNew(out.resolve(CONFIG), configYaml());
        console.printf("wrote  %s%n", out.resolve(CONFIG));
        console.printf("next:  edge-provisioner run --config %s%n", out.resolve(CONFIG));
        console.flush();
        return 0;
    }

    private FleetNaming validate() {
        if (!ID.matcher(gatewayId).matches()) {
            throw usage("--gateway-id '" + gatewayId + "' is not allowed: use 1 to 64 characters of [A-Za-z0-9._-], "
                    + "starting with a letter or digit");
        }
        FleetNaming naming;
        try {
            naming = new FleetNaming(fleetOrg, trustDomain);
        } catch (IllegalArgumentException e) {
            throw usage("--fleet-org / --trust-domain: " + e.getMessage());
        }
        if (importCa == null && rootPassphrase == null) {
            throw usage("the fleet root needs a passphrase: give --root-passphrase-file or --root-passphrase-env "
                    + "(or --import-ca to use a gateway CA signed elsewhere)");
        }
        if (importCa != null && rootPassphrase != null) {
            throw usage("--import-ca uses a CA signed elsewhere, so no fleet root is made here: drop the --root-passphrase option");
        }
        if (importCa != null && !Files.isRegularFile(importCa)) {
            throw usage("--import-ca: no file at " + importCa);
        }
        if (importIdentity != null && importCa == null) {
            throw usage("--import-identity goes with --import-ca; without it init makes the identity itself");
        }
        if (importIdentity != null && !Files.isRegularFile(importIdentity)) {
            throw usage("--import-identity: no file at " + importIdentity);
        }
        if (importCa != null && authority != null) {
            throw usage("--authority is written into an identity this init makes; an imported identity has its own");
        }
        if (authority != null) {
            for (String pattern : authority) {
                if (!pattern.matches("\\*|[A-Za-z0-9][A-Za-z0-9._-]{0,63}\\*?")) {
                    throw usage("--authority '" + pattern + "' is not *, an id prefix ending in *, or a device id");
                }
            }
        }
        if (upstream != null) {
            for (String url : upstream) {
                if (!url.matches("(ssl|tcp)://[0-9A-Za-z.:\\[\\]-]+:[0-9]{1,5}")) {
                    throw usage("--upstream '" + url + "' is not ssl://host:port or tcp://host:port");
                }
            }
            if (importCa != null && importIdentity == null) {
                throw usage("--upstream needs this gateway's fleet identity: give --import-identity with --import-ca");
            }
        }
        if (identityValidityDays < 1 || (importCa == null && identityValidityDays >= rootValidityDays)) {
            throw usage("--identity-validity-days must be at least 1 and shorter than --root-validity-days");
        }
        checkPort("--mqtt-port", mqttPort);
        checkPort("--http-port", httpPort);
        if (coapPort != -1) {
            checkPort("--coap-port", coapPort);
        }
        if (mqttBind.isBlank()) {
            throw usage("--mqtt-bind must name an address");
        }
        if (rootValidityDays < 1 || caValidityDays < 1 || caValidityDays >= rootValidityDays) {
            throw usage("--ca-validity-days must be at least 1 and shorter than --root-validity-days");
        }
        return naming;
    }

    private void checkPort(String option, int port) {
        if (port < 0 || port > 65535) {
            throw usage(option + " must be 0 (any free port) to 65535, was " + port);
        }
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }

    private SecretRef caSecretRef() {
        SecretOptions.SecretChoice choice = caPassphrase.choice();
        return choice.file().<SecretRef>map(file -> new SecretRef.FromFile(file.toAbsolutePath().normalize()))
                .orElseGet(() -> new SecretRef.FromEnvironment(choice.env().orElseThrow()));
    }

    private List<X509Certificate> createHierarchy(FleetNaming naming, PassphraseSource caSecret, PrintWriter console)
            throws Exception {
        SecretOptions.SecretChoice rootChoice = rootPassphrase.choice();
        PassphraseSource rootSecret = rootChoice.file().map(PassphraseSource::fromFile)
                .orElseGet(() -> PassphraseSource.fromEnvironment(rootChoice.env().orElseThrow()));
        // Both secrets are read before any key is made, so a missing one leaves no half-made hierarchy.
        rootSecret.read().close();
        caSecret.read().close();
        BouncyCastleProvider provider = new BouncyCastleProvider();
        CaHierarchy hierarchy = new CaHierarchy(naming, provider, new SecureRandom(), Clock.systemUTC());
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(rootValidityDays));
        Pkcs12CaKeyStore.write(out.resolve(ROOT_P12), root.keyPair().getPrivate(), List.of(root.certificate()), rootSecret);
        writeNew(out.resolve(ROOT_PEM), pem(List.of(root.certificate())).getBytes(StandardCharsets.US_ASCII));
        console.printf("wrote  %s (fleet root key, encrypted; %s, until %s)%n", out.resolve(ROOT_P12),
                root.certificate().getSubjectX500Principal().getName(), root.certificate().getNotAfter().toInstant());
        console.printf("       the fleet root is for OFFLINE use: move %s off this gateway; it is needed only to sign gateway CAs%n",
                ROOT_P12);
        console.printf("wrote  %s (fleet root certificate, public: devices and relying parties trust it)%n", out.resolve(ROOT_PEM));
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        X509Certificate gatewayCa;
        try (CaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), provider)) {
            gatewayCa = hierarchy.signGatewayCa(rootStore, gatewayId, gatewayKey.getPublic(), Duration.ofDays(caValidityDays));
        }
        List<X509Certificate> chain = List.of(gatewayCa, root.certificate());
        Pkcs12CaKeyStore.write(out.resolve(CA_P12), gatewayKey.getPrivate(), chain, caSecret);
        console.printf("wrote  %s (gateway CA key, encrypted; %s, until %s)%n", out.resolve(CA_P12),
                gatewayCa.getSubjectX500Principal().getName(), gatewayCa.getNotAfter().toInstant());
        KeyPair identityKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        List<String> patterns = authority == null ? List.of("*") : authority;
        X509Certificate identity;
        try (CaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), provider)) {
            identity = hierarchy.signGatewayIdentity(rootStore, gatewayId, identityKey.getPublic(), patterns,
                    Duration.ofDays(identityValidityDays));
        }
        Pkcs12CaKeyStore.write(out.resolve(IDENTITY_P12), identityKey.getPrivate(), List.of(identity, root.certificate()), caSecret);
        console.printf("wrote  %s (gateway fleet identity, encrypted like the CA; authority over %s, until %s)%n",
                out.resolve(IDENTITY_P12), String.join(", ", patterns), identity.getNotAfter().toInstant());
        return chain;
    }

    private List<X509Certificate> importCa(PassphraseSource caSecret, PrintWriter console) throws Exception {
        List<X509Certificate> chain;
        try (Pkcs12CaKeyStore store = Pkcs12CaKeyStore.load(importCa, caSecret)) {
            chain = store.certificateChain();
        }
        X509Certificate ca = chain.get(0);
        if (ca.getBasicConstraints() < 0) {
            throw new IllegalArgumentException(importCa + " holds " + ca.getSubjectX500Principal().getName()
                    + ", which is not a CA certificate");
        }
        ca.checkValidity();
        Path target = out.resolve(CA_P12);
        createOwnerOnly(target);
        Files.write(target, Files.readAllBytes(importCa), StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
        console.printf("wrote  %s (imported gateway CA %s, until %s)%n", target, ca.getSubjectX500Principal().getName(),
                ca.getNotAfter().toInstant());
        X509Certificate root = chain.get(chain.size() - 1);
        writeNew(out.resolve(ROOT_PEM), pem(List.of(root)).getBytes(StandardCharsets.US_ASCII));
        console.printf("wrote  %s (fleet root certificate from the imported chain: %s)%n", out.resolve(ROOT_PEM),
                root.getSubjectX500Principal().getName());
        if (importIdentity != null) {
            try (Pkcs12CaKeyStore identity = Pkcs12CaKeyStore.load(importIdentity, caSecret)) {
                X509Certificate leaf = identity.certificateChain().get(0);
                if (leaf.getBasicConstraints() >= 0) {
                    throw new IllegalArgumentException(importIdentity + " holds a CA certificate, not a gateway identity");
                }
                leaf.checkValidity();
            }
            Path identityTarget = out.resolve(IDENTITY_P12);
            createOwnerOnly(identityTarget);
            Files.write(identityTarget, Files.readAllBytes(importIdentity), StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING);
            console.printf("wrote  %s (imported gateway fleet identity)%n", identityTarget);
        }
        return chain;
    }

    private byte[] configYaml() throws IOException {
        YAMLMapper mapper = YAMLMapper.builder().disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER).build();
        ObjectNode root = mapper.createObjectNode();
        root.putObject("gateway").put("id", gatewayId).put("dataDir", "data");
        root.putObject("fleet").put("organization", fleetOrg).put("trustDomain", trustDomain);
        ObjectNode ca = root.putObject("ca").put("type", "pkcs12").put("path", CA_P12);
        SecretRef secret = caSecretRef();
        if (secret instanceof SecretRef.FromFile file) {
            ca.put("passphraseFile", file.path().toString());
        } else {
            ca.put("passphraseEnv", ((SecretRef.FromEnvironment) secret).variable());
        }
        root.putObject("mqtt").put("mode", "embedded").put("bind", mqttBind).put("port", mqttPort);
        root.putObject("http").put("bind", "127.0.0.1").put("port", httpPort);
        root.putObject("coap").put("enabled", coapPort != -1).put("bind", mqttBind)
                .put("port", coapPort == -1 ? GatewayConfig.Coap.DEFAULT_PORT : coapPort);
        if (upstream != null) {
            ObjectNode sync = root.putObject("upstream");
            upstream.forEach(sync.putArray("brokers")::add);
            sync.put("identity", IDENTITY_P12).put("fleetRoot", ROOT_PEM);
            if (secret instanceof SecretRef.FromFile file) {
                sync.put("identityPassphraseFile", file.path().toString());
            } else {
                sync.put("identityPassphraseEnv", ((SecretRef.FromEnvironment) secret).variable());
            }
        }
        String header = "# Edge Provisioner gateway " + gatewayId + ", made by 'edge-provisioner init'.\n"
                + "# Secrets are only referenced here (passphraseFile / passphraseEnv), never written.\n";
        return (header + mapper.writeValueAsString(root)).getBytes(StandardCharsets.UTF_8);
    }

    private static void writeNew(Path file, byte[] bytes) throws IOException {
        Files.write(file, bytes, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    /** Creates the file empty and owner-only before any key byte goes in, so it is never readable by others. */
    private static void createOwnerOnly(Path file) throws IOException {
        if (Files.getFileAttributeView(file.getParent(), java.nio.file.attribute.PosixFileAttributeView.class) != null) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
    }

    static String pem(List<X509Certificate> certificates) throws CertificateEncodingException {
        StringBuilder text = new StringBuilder();
        Base64.Encoder encoder = Base64.getMimeEncoder(64, new byte[] {'\n'});
        for (X509Certificate certificate : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n").append(encoder.encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return text.toString();
    }
}
