package io.edgeprov.gateway.app.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.app.bench.CrlBuildPhase;
import io.edgeprov.gateway.app.bench.GatewayBench;
import io.edgeprov.gateway.app.bench.GatewayBenchSettings;
import io.edgeprov.gateway.app.bench.GatewayLauncher;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.pki.CaHierarchy;
import io.edgeprov.pki.CertificateAuthority;
import io.edgeprov.pki.CsrCheck;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.DeviceCertificateProfile;
import io.edgeprov.pki.FleetNaming;
import io.edgeprov.pki.GeneratedCa;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import io.edgeprov.pki.keys.SoftwareCaKeyStore;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Measures the certificate authority on one thread and writes a table under bench/results/.
 * The raw ECDSA P-256 sign rate of the same provider, measured in the same run, is the baseline
 * every other figure is compared with: the machine is shared and noisy, ratios travel better.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = {"Measure and save a table under bench/results/.",
                "pki: the CA core (issuance, CSR checks, CRL build) on one core.",
                "gateway: a gateway on loopback driven by a simulated fleet (enrollments/s, renewals/s, latency, CPU, heap),"
                        + " revocations (batch, single, revoke to cut-off, sync lag between two gateways through Mosquitto),"
                        + " with the raw sign rate and cfssl serve as same-run baselines."})
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", defaultValue = "pki", description = "What to measure: pki (default) or gateway.")
    String target;

    @Option(names = "--seconds", defaultValue = "5", description = "Measuring time per figure, after an equal warm-up (default: ${DEFAULT-VALUE}).")
    int seconds;

    @Option(names = "--results", defaultValue = "bench/results", description = "Where to write the tables (default: ${DEFAULT-VALUE}).")
    Path results;

    @Option(names = "--crl-entries", defaultValue = "100000", description = "Entries in the measured CRL (default: ${DEFAULT-VALUE}).")
    int crlEntries;

    @Option(names = "--devices", defaultValue = "500", description = "gateway: simulated devices per fleet run (default: ${DEFAULT-VALUE}).")
    int devices;

    @Option(names = "--concurrency", defaultValue = "128",
            description = "gateway: devices enrolling or renewing at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--registry-devices", defaultValue = "100000",
            description = "gateway: enrollments + device rows inserted before heap_mb_100k is measured (default: ${DEFAULT-VALUE}).")
    int registryDevices;

    @Option(names = "--reconnect-devices", defaultValue = "10000",
            description = "gateway: enrolled devices reconnecting at once after a gateway restart, 0 skips (default: ${DEFAULT-VALUE}).")
    int reconnectDevices;

    @Option(names = "--mqtt-only", description = "gateway: only enrollments, renewals, the native floor, the reconnect storm"
            + " and the baselines (no registry fill, revocations, CRL build or sync lag).")
    boolean mqttOnly;

    @Option(names = "--two-handshakes", description = "gateway: devices reconnect with their new certificate instead of"
            + " keeping the promoted attesting connection (docs/decisions/0036).")
    boolean twoHandshakes;

    @Option(names = "--cfssl", defaultValue = "cfssl", description = "gateway: the cfssl executable for the peer baseline (default: ${DEFAULT-VALUE}).")
    String cfssl;

    @Override
    public Integer call() throws Exception {
        if (seconds < 1 || seconds > 600) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--seconds must be 1..600, was " + seconds);
        }
        return switch (target) {
            case "pki" -> pki();
            case "gateway" -> gateway();
            default -> throw new CommandLine.ParameterException(spec.commandLine(),
                    "unknown bench target '" + target + "'; known: pki, gateway");
        };
    }

    private Integer gateway() throws Exception {
        Path work = Files.createTempDirectory("edgeprov-bench-");
        GatewayBenchSettings settings;
        try {
            settings = new GatewayBenchSettings(devices, concurrency, seconds, registryDevices, cfssl, work, reconnectDevices,
                    mqttOnly, twoHandshakes);
        } catch (IllegalArgumentException e) {
            deleteTree(work);
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        PrintWriter console = spec.commandLine().getOut();
        console.printf("Gateway benchmark: %d devices, concurrency %d, %d s windows (%s %s), work folder %s%n",
                devices, concurrency, seconds, System.getProperty("java.vm.name"), System.getProperty("java.version"), work);
        try {
            Map<String, Object> figures = new GatewayBench(settings, new CliLauncher(), console, Clock.systemUTC()).run();
            Path written = BenchResults.write(results, "gateway", "latest.json", figures);
            console.printf("%nSaved %s and %s%n", written, results.resolve("latest.json"));
            console.print(BenchResults.json(figures));
            console.flush();
            return 0;
        } finally {
            deleteTree(work);
        }
    }

    private Integer pki() throws Exception {
        if (crlEntries < 1 || crlEntries > 5_000_000) {
            throw new IllegalArgumentException("--crl-entries must be 1..5000000, was " + crlEntries);
        }
        PrintWriter console = spec.commandLine().getOut();
        BouncyCastleProvider provider = new BouncyCastleProvider();
        SecureRandom random = new SecureRandom();
        Clock clock = Clock.systemUTC();
        FleetNaming naming = new FleetNaming("Bench Fleet", "bench.internal");
        CaHierarchy hierarchy = new CaHierarchy(naming, provider, random, clock);
        GeneratedCa root = hierarchy.createFleetRoot(KeyAlgorithm.EC_P256, Duration.ofDays(30));
        SoftwareCaKeyStore rootStore = new SoftwareCaKeyStore(root.keyPair().getPrivate(), List.of(root.certificate()), provider);
        KeyPair gatewayKey = hierarchy.generateGatewayKey(KeyAlgorithm.EC_P256);
        SoftwareCaKeyStore ca = new SoftwareCaKeyStore(gatewayKey.getPrivate(), List.of(
                hierarchy.signGatewayCa(rootStore, "bench", gatewayKey.getPublic(), Duration.ofDays(20)), root.certificate()), provider);
        DeviceCertificateProfile profile = DeviceCertificateProfile.defaults(naming, URI.create("http://bench.internal/crl"));
        CertificateAuthority authority = CertificateAuthority.builder().keyStore(ca).profile(profile).clock(clock).random(random).build();
        CsrVerifier verifier = new CsrVerifier(profile.allowedKeys(), provider);

        console.printf("Measuring on one thread, %d s warm-up + %d s per figure (%s %s)...%n",
                seconds, seconds, System.getProperty("java.vm.name"), System.getProperty("java.version"));
        Map<String, Object> figures = new LinkedHashMap<>();

        Signature sign = Signature.getInstance("SHA256withECDSA", provider);
        sign.initSign(gatewayKey.getPrivate());
        byte[] message = new byte[300];
        double signPerS = rate(() -> {
            sign.update(message);
            sign.sign();
        });
        figures.put("baseline_sign_per_s", round(signPerS));
        console.printf("  raw ECDSA P-256 sign (baseline)     %,10.0f /s%n", signPerS);

        int pool = 256;
        byte[][] csrs = new byte[pool][];
        for (int i = 0; i < pool; i++) {
            KeyPair device = KeyAlgorithm.EC_P256.generate(provider, random);
            csrs[i] = new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=d" + i), device.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").setProvider(provider).build(device.getPrivate())).getEncoded();
        }
        int[] next = {0};
        double verifyPerS = rate(() -> verifier.check(csrs[next[0]++ % pool]));
        figures.put("csr_verify_per_s", round(verifyPerS));
        console.printf("  CSR check (parse, key, signature)   %,10.0f /s%n", verifyPerS);

        double issuePerS = rate(() -> {
            CsrCheck.Accepted accepted = (CsrCheck.Accepted) verifier.check(csrs[next[0]++ % pool]);
            authority.issue(IssuanceRequest.of("device-" + next[0], accepted.publicKey()));
        });
        figures.put("issue_per_s_one_core", round(issuePerS));
        console.printf("  CSR check + issue (full leaf)       %,10.0f /s  (%.2f x raw sign)%n", issuePerS, issuePerS / signPerS);

        // The same phase as `bench gateway`'s crl_build_100k_ms, with --crl-entries entries.
        CrlBuildPhase.Outcome crl = new CrlBuildPhase(crlEntries, 5, provider, random, clock).measure();
        figures.put("crl_entries", crlEntries);
        figures.put("crl_build_ms_median", round(crl.medianMillis()));
        figures.put("crl_build_ms_max", round(crl.maxMillis()));
        figures.put("crl_bytes", crl.crlBytes());
        console.printf("  CRL of %,d entries                 %10.1f ms median, %.1f ms max, %,d bytes%n",
                crlEntries, crl.medianMillis(), crl.maxMillis(), crl.crlBytes());

        figures.put("jdk", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        figures.put("provider", provider.getName() + " " + provider.getVersionStr());
        figures.put("date", LocalDate.now(ZoneOffset.UTC).toString());
        Path written = BenchResults.write(results, "pki", figures);
        console.printf("%nSaved %s and %s%n", written, results.resolve("pki-latest.json"));
        console.flush();
        return 0;
    }

    private double rate(ThrowingRunnable operation) throws Exception {
        long warmUpEnd = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < warmUpEnd) {
            operation.run();
        }
        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        long count = 0;
        long now;
        do {
            for (int i = 0; i < 16; i++) {
                operation.run();
            }
            count += 16;
            now = System.nanoTime();
        } while (now < end);
        return count / ((now - start) / 1e9);
    }

    private static void deleteTree(Path root) throws java.io.IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (var paths = Files.walk(root)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /** The operator's path: {@code init} with passphrase files, {@code allow --csv}, then the application on free ports. */
    private static final class CliLauncher implements GatewayLauncher {
        static final int LOAD_TEST_PER_SOURCE_PER_MINUTE = 10_000_000;
        static final int LOAD_TEST_PER_DEVICE_PER_MINUTE = 100_000;
        static final int LOAD_TEST_UNENROLLED_PER_SOURCE = 5_000;
        static final String FLEET_ORG = "Bench Fleet";
        static final String TRUST_DOMAIN = "fleet.bench.internal";
        private Path gw;
        private Path config;

        @Override
        public GatewayApplication start(Path folder) throws Exception {
            Files.createDirectories(folder);
            Path rootPass = secretFile(folder.resolve("root.pass"));
            Path caPass = secretFile(folder.resolve("ca.pass"));
            gw = folder.resolve("gw");
            runQuiet("init", "--out", gw.toString(), "--fleet-org", FLEET_ORG, "--trust-domain", TRUST_DOMAIN,
                    "--gateway-id", "gw-bench", "--root-passphrase-file", rootPass.toString(),
                    "--ca-passphrase-file", caPass.toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0");
            config = gw.resolve("gateway.yaml");
            loadTestLimits(config);
            GatewayApplication application = GatewayApplication.builder().config(new GatewayConfigLoader().load(config)).build();
            application.start();
            return application;
        }

        /**
         * A benchmark's whole fleet comes from one loopback address and renews back to back, which the
         * production rate limits exist to stop; lift them to their maxima, and switch off periodic
         * re-attestation so the renewal figure counts renewals (the enrollment figure is the attestation cost).
         */
        private static void loadTestLimits(Path config) throws java.io.IOException {
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode root = (ObjectNode) yaml.readTree(config.toFile());
            ObjectNode limits = root.has("rateLimits") ? (ObjectNode) root.get("rateLimits") : root.putObject("rateLimits");
            limits.put("perSourcePerMinute", LOAD_TEST_PER_SOURCE_PER_MINUTE);
            limits.put("perDevicePerMinute", LOAD_TEST_PER_DEVICE_PER_MINUTE);
            // The whole fleet is one loopback address: 128 devices attest at once, beyond the 64 certificate-less
            // connections one address may hold (every refused connect was a retry that inflated latencies).
            limits.put("unenrolledConnectionsPerSource", LOAD_TEST_UNENROLLED_PER_SOURCE);
            limits.put("unenrolledConnectionsTotal", LOAD_TEST_UNENROLLED_PER_SOURCE);
            ObjectNode certificates = root.has("certificates") ? (ObjectNode) root.get("certificates") : root.putObject("certificates");
            certificates.put("reattestEveryRenewals", 0);
            yaml.writeValue(config.toFile(), root);
        }

        @Override
        public GatewayApplication restart() throws Exception {
            GatewayApplication application = GatewayApplication.builder().config(new GatewayConfigLoader().load(config)).build();
            application.start();
            return application;
        }

        @Override
        public String loadProfile() {
            return "rateLimits.perSourcePerMinute " + LOAD_TEST_PER_SOURCE_PER_MINUTE + ", rateLimits.perDevicePerMinute "
                    + LOAD_TEST_PER_DEVICE_PER_MINUTE + ", rateLimits.unenrolledConnectionsPerSource " + LOAD_TEST_UNENROLLED_PER_SOURCE
                    + ", certificates.reattestEveryRenewals 0 (never)";
        }

        @Override
        public List<X509Certificate> trustChain() throws Exception {
            byte[] pem = Files.readAllBytes(gw.resolve("gateway-ca-chain.pem"));
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                    .map(X509Certificate.class::cast).toList();
        }

        @Override
        public void allow(List<OnboardingEntry> devices) throws Exception {
            Path csv = gw.resolve("devices-" + System.nanoTime() + ".csv");
            try (Writer writer = Files.newBufferedWriter(csv)) {
                Onboarding.writeCsv(devices, writer);
            }
            runQuiet("allow", "--config", config.toString(), "--csv", csv.toString());
        }

        @Override
        public List<GatewayApplication> startFleetPair(Path folder, URI upstream, String username, Path passwordFile)
                throws Exception {
            Files.createDirectories(folder);
            Path rootPass = secretFile(folder.resolve("root.pass"));
            Path caPassA = secretFile(folder.resolve("ca-a.pass"));
            Path caPassB = secretFile(folder.resolve("ca-b.pass"));
            Path a = folder.resolve("gw-sync-a");
            Path b = folder.resolve("gw-sync-b");
            Path keysB = folder.resolve("keys-b");
            runQuiet("init", "--out", a.toString(), "--fleet-org", FLEET_ORG, "--trust-domain", TRUST_DOMAIN,
                    "--gateway-id", "gw-sync-a", "--root-passphrase-file", rootPass.toString(),
                    "--ca-passphrase-file", caPassA.toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0",
                    "--upstream", upstream.toString());
            runQuiet("fleet-gateway", "--root", a.resolve("fleet-root.p12").toString(), "--root-passphrase-file",
                    rootPass.toString(), "--ca-passphrase-file", caPassB.toString(), "--fleet-org", FLEET_ORG,
                    "--trust-domain", TRUST_DOMAIN, "--gateway-id", "gw-sync-b", "--out", keysB.toString());
            runQuiet("init", "--out", b.toString(), "--fleet-org", FLEET_ORG, "--trust-domain", TRUST_DOMAIN,
                    "--gateway-id", "gw-sync-b", "--ca-passphrase-file", caPassB.toString(),
                    "--import-ca", keysB.resolve("gateway-ca.p12").toString(),
                    "--import-identity", keysB.resolve("gateway-identity.p12").toString(),
                    "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0", "--upstream", upstream.toString());
            List<GatewayApplication> started = new java.util.ArrayList<>();
            try {
                for (Path gateway : List.of(a, b)) {
                    Path yaml = gateway.resolve("gateway.yaml");
                    withUpstreamLogin(yaml, username, passwordFile);
                    GatewayApplication application = GatewayApplication.builder().config(new GatewayConfigLoader().load(yaml))
                            .build();
                    application.start();
                    started.add(application);
                }
            } catch (Exception | Error e) {
                started.forEach(GatewayApplication::stop);
                throw e;
            }
            return List.copyOf(started);
        }

        private static void withUpstreamLogin(Path config, String username, Path passwordFile) throws java.io.IOException {
            YAMLMapper yaml = new YAMLMapper();
            ObjectNode root = (ObjectNode) yaml.readTree(config.toFile());
            ((ObjectNode) root.get("upstream")).put("username", username).put("passwordFile", passwordFile.toString());
            yaml.writeValue(config.toFile(), root);
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

        private static Path secretFile(Path file) throws Exception {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            byte[] secret = new byte[24];
            new SecureRandom().nextBytes(secret);
            return Files.writeString(file, HexFormat.of().formatHex(secret) + "\n");
        }
    }

    private static double round(double value) {
        return Math.round(value * 10) / 10.0;
    }

    @FunctionalInterface
    private interface ThrowingRunnable {
        void run() throws Exception;
    }
}
