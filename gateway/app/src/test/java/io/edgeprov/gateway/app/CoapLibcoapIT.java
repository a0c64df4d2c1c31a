package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.coap.CoapDevices;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * libcoap's own client ({@code coap-client-openssl}, Debian {@code libcoap3-bin}) against the gateway over
 * DTLS with PKI: a plain EST-coaps client reads the CA certificates and renews with a bare CSR. coap-client
 * exits 0 even when its handshake fails, so every check looks at what it wrote, and shows its output.
 */
class CoapLibcoapIT {
    private static final String CLIENT = "coap-client-openssl";

    @TempDir
    static Path folder;
    static RunningGateway running;
    static Path chainPem;

    @BeforeAll
    static void given_coap_client_and_a_running_gateway() throws Exception {
        requireCoapClient();
        running = RunningGateway.startIn(folder.resolve("gw"));
        chainPem = folder.resolve("gateway-ca-chain.pem");
        Files.writeString(chainPem, pem(running.caStore().certificateChain()), StandardCharsets.US_ASCII);
    }

    @AfterAll
    static void stop_the_gateway() {
        if (running != null) {
            running.close();
        }
    }

    @Test
    void coap_client_fetches_the_ca_certificates_over_dtls_and_they_match() throws Exception {
        Path out = folder.resolve("crts.p7");

        Run run = coapClient("-m", "get", "-A", "281", "-R", chainPem.toString(), "-o", out.toString(), uri(CoapPaths.CA_CERTS));

        assertThat(out).as("coap-client wrote nothing; its output:%n%s", run.output()).exists();
        List<Certificate> fetched = List.copyOf(CertificateFactory.getInstance("X.509")
                .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(out))));
        assertThat(fetched).as(run.output())
                .containsExactlyInAnyOrderElementsOf(List.<Certificate>copyOf(running.caStore().certificateChain()));
    }

    @Test
    void coap_client_renews_with_a_device_certificate_and_a_bare_csr_and_openssl_verifies_the_result() throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), "libcoap-renew-1");
        GivenGateway.recordIn(running.application().registry(), device);
        Path cert = folder.resolve("device.pem");
        Path key = folder.resolve("device.key");
        Path csr = folder.resolve("device.csr");
        Path out = folder.resolve("renewed.der");
        Files.writeString(cert, pem(List.of(device.chain().get(0))), StandardCharsets.US_ASCII);
        Files.writeString(key, "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(device.key().getEncoded()) + "\n-----END PRIVATE KEY-----\n", StandardCharsets.US_ASCII);
        Files.write(csr, CoapDevices.csr(device.id(), device.chain().get(0), device.key()));

        Run run = coapClient("-m", "post", "-t", "286", "-A", "287", "-f", csr.toString(), "-c", cert.toString(), "-j",
                key.toString(), "-R", chainPem.toString(), "-o", out.toString(), uri(CoapPaths.SIMPLE_REENROLL));

        assertThat(out).as("coap-client wrote nothing; its output:%n%s", run.output()).exists();
        X509Certificate renewed = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(out)));
        assertThat(renewed.getPublicKey()).isEqualTo(device.chain().get(0).getPublicKey());
        Path renewedPem = folder.resolve("renewed.pem");
        Files.writeString(renewedPem, pem(List.of(renewed)), StandardCharsets.US_ASCII);
        Run verify = run(List.of("openssl", "verify", "-CAfile", chainPem.toString(), renewedPem.toString()));
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains(renewedPem + ": OK");
    }

    private static String uri(String path) {
        return "coaps://127.0.0.1:" + running.application().coapPort() + path;
    }

    private static Run coapClient(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of(CLIENT, "-B", "20"));
        command.addAll(List.of(arguments));
        return run(command);
    }

    private static Run run(List<String> command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                fail(command.get(0) + " did not finish within 60 s");
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } finally {
            process.destroyForcibly();
        }
    }

    private record Run(int exit, String output) {
    }

    private static void requireCoapClient() throws Exception {
        try {
            run(List.of(CLIENT, "-h", "x"));
        } catch (java.io.IOException e) {
            fail(CLIENT + " is not installed: install libcoap's client, e.g. apt-get install -y libcoap3-bin"
                    + " (tests/run-all installs it)");
        }
    }

    private static String pem(List<X509Certificate> certificates) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate certificate : certificates) {
            text.append("-----BEGIN CERTIFICATE-----\n")
                    .append(Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(certificate.getEncoded()))
                    .append("\n-----END CERTIFICATE-----\n");
        }
        return text.toString();
    }
}
