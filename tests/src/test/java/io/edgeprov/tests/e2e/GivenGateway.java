package io.edgeprov.tests.e2e;

import java.net.ServerSocket;
import java.net.InetAddress;
import java.io.IOException;
import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.app.cli.EdgeProvisionerCommand;
import io.edgeprov.gateway.app.config.GatewayConfigLoader;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import picocli.CommandLine;

/** A gateway made the way an operator makes one: `init`, `allow`, then the application started. */
final class GivenGateway implements AutoCloseable {
    final Path folder;
    final Path config;
    final GatewayApplication application;

    private GivenGateway(Path folder, Path config, GatewayApplication application) {
        this.folder = folder;
        this.config = config;
        this.application = application;
    }

    /** Runs `init` in {@code folder} (passphrases in mode-600 files) and starts the gateway on free ports. */
    static GivenGateway initializedAndStarted(Path folder, String gatewayId) throws Exception {
        Path rootPass = secretFile(folder.resolve("root.pass"));
        Path caPass = secretFile(folder.resolve("ca.pass"));
        Path out = folder.resolve("gw");
        cli("init", "--out", out.toString(), "--fleet-org", "E2E Fleet", "--trust-domain", "fleet.e2e.test",
                "--gateway-id", gatewayId, "--root-passphrase-file", rootPass.toString(),
                "--ca-passphrase-file", caPass.toString(), "--mqtt-port", "0", "--coap-port", "0", "--http-port", "0");
        Path config = out.resolve("gateway.yaml");
        GatewayApplication application = GatewayApplication.builder().config(new GatewayConfigLoader().load(config)).build();
        application.start();
        return new GivenGateway(out, config, application);
    }

    /** Allows devices through the technician's CSV path (`allow --csv`). */
    void allow(List<OnboardingEntry> devices) throws Exception {
        Path csv = folder.resolve("devices-" + System.nanoTime() + ".csv");
        try (Writer writer = Files.newBufferedWriter(csv)) {
            Onboarding.writeCsv(devices, writer);
        }
        cli("allow", "--config", config.toString(), "--csv", csv.toString());
    }

    /** The chain devices trust: the gateway CA and the fleet root. */
    List<X509Certificate> trustChain() throws Exception {
        byte[] pem = Files.readAllBytes(folder.resolve("gateway-ca-chain.pem"));
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toList();
    }

    int mqttPort() {
        return application.mqttAddress().getPort();
    }

    int coapPort() {
        return application.coapPort();
    }

    static String cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = EdgeProvisionerCommand.commandLine();
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exit = command.execute(args);
        if (exit != 0) {
            throw new AssertionError("edge-provisioner " + args[0] + " exited " + exit + ": " + err + out);
        }
        return out.toString();
    }

    /** The gateway CA chain `init` wrote, leaf CA first, for a device's or attacker's trust. */
    static List<X509Certificate> trustChain(Path gatewayFolder) throws Exception {
        byte[] pem = Files.readAllBytes(gatewayFolder.resolve("gateway-ca-chain.pem"));
        return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem)).stream()
                .map(X509Certificate.class::cast).toList();
    }

    static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    /** A passphrase file as an operator makes one: owner-only, a random value. */
    static Path secretFile(Path file) throws IOException {
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        return Files.writeString(file, java.util.UUID.randomUUID() + "\n");
    }

    @Override
    public void close() {
        application.stop();
    }
}
