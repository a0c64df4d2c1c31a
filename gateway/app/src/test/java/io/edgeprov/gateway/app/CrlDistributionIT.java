package io.edgeprov.gateway.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.cli.GivenGateway;
import io.edgeprov.gateway.app.config.GatewayConfig;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.pki.IssuanceRequest;
import io.edgeprov.pki.KeyAlgorithm;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.CRLDistPoint;
import org.bouncycastle.asn1.x509.DistributionPoint;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CRL distribution point as a relying party uses it: the URL in a device certificate, fetched with
 * curl from a running gateway, checked with openssl. Each test starts its own gateway from {@code init}.
 */
class CrlDistributionIT {
    @TempDir
    Path folder;

    @Test
    void curl_fetches_the_crl_after_a_revocation_and_openssl_verifies_it_and_lists_the_serial() throws Exception {
        try (RunningGateway running = RunningGateway.startIn(folder.resolve("gw"))) {
            GivenGateway.Device device = GivenGateway.deviceCertificate(running.caStore(), "dev-crl-1");
            GivenGateway.recordIn(running.application().registry(), device);
            running.application().revocation().revokeDevice(new Principal.LocalAdministrator("test"), device.id(),
                    RevocationReason.KEY_COMPROMISE);
            Path crl = folder.resolve("fetched.crl");

            Result fetched = run("curl", "-sS", "-o", crl.toString(), "-w", "%{http_code} %{content_type}",
                    "http://127.0.0.1:" + running.application().httpPort() + "/crl");
            Result checked = run("openssl", "crl", "-inform", "DER", "-in", crl.toString(), "-CAfile",
                    running.folder().resolve("gateway-ca-chain.pem").toString(), "-verify", "-noout", "-text");

            assertThat(fetched.output()).isEqualTo("200 application/pkix-crl");
            assertThat(checked.exitCode()).as(checked.output()).isZero();
            assertThat(checked.output()).contains("verify OK", "Serial Number: " + opensslHex(device.serialHex()), "Key Compromise");
        }
    }

    @Test
    void without_configured_urls_certificates_name_the_crl_url_the_gateway_serves() throws Exception {
        try (RunningGateway running = RunningGateway.startIn(folder.resolve("gw"))) {
            X509Certificate issued = issue(running, "dev-crl-2");

            assertThat(distributionPoints(issued)).containsExactly("http://127.0.0.1:" + running.application().httpPort() + "/crl");
        }
    }

    @Test
    void configured_urls_are_the_ones_certificates_name() throws Exception {
        URI configured = URI.create("http://crl.fleet.acme.test:8080/gw1.crl");
        try (RunningGateway running = RunningGateway.startIn(folder.resolve("gw"), config -> withCrlUrls(config, configured))) {
            X509Certificate issued = issue(running, "dev-crl-3");

            assertThat(distributionPoints(issued)).containsExactly(configured.toString());
        }
    }

    private static GatewayConfig withCrlUrls(GatewayConfig config, URI url) {
        GatewayConfig.Certificates c = config.certificates();
        return new GatewayConfig(config.gatewayId(), config.dataDir(), config.fleet(), config.caKey(),
                new GatewayConfig.Certificates(c.lifetime(), c.allowedKeys(), List.of(url), c.reattestEveryRenewals(), c.reattestAfter()),
                config.enrollment(), config.mqtt(), config.http(), config.rateLimits());
    }

    private static X509Certificate issue(RunningGateway running, String deviceId) throws Exception {
        return running.application().certificateAuthority().issue(IssuanceRequest.of(deviceId,
                KeyAlgorithm.EC_P256.generate(new BouncyCastleProvider(), new SecureRandom()).getPublic())).toX509();
    }

    private static List<String> distributionPoints(X509Certificate certificate) {
        CRLDistPoint points = CRLDistPoint.getInstance(ASN1OctetString.getInstance(
                certificate.getExtensionValue(Extension.cRLDistributionPoints.getId())).getOctets());
        List<String> urls = new ArrayList<>();
        for (DistributionPoint point : points.getDistributionPoints()) {
            for (GeneralName name : GeneralNames.getInstance(point.getDistributionPoint().getName()).getNames()) {
                urls.add(name.getName().toString());
            }
        }
        return urls;
    }

    /** A serial as openssl prints it: upper-case hex in whole octets. */
    private static String opensslHex(String serialHex) {
        String hex = serialHex.toUpperCase(Locale.ROOT);
        return hex.length() % 2 == 0 ? hex : "0" + hex;
    }

    private record Result(int exitCode, String output) {
    }

    private Result run(String... command) throws Exception {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).directory(folder.toFile()).start();
        } catch (IOException e) {
            throw new AssertionError(command[0] + " is not installed: run `apt-get install -y curl openssl`", e);
        }
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new AssertionError(command[0] + " did not finish in 30 s");
            }
            return new Result(process.exitValue(), output);
        } finally {
            process.destroyForcibly();
        }
    }
}
