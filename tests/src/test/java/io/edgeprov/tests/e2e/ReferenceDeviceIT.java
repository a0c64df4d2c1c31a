package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.fleet.Onboarding;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The reference device of firmware-contracts/reference-device (bash, swtpm, tpm2-tools behind
 * tpm2-abrmd, tpm2-openssl, OpenSSL, jq, python3-paho-mqtt, mosquitto-clients; none of our Java)
 * against a real gateway made by `init` and `allow`: an RSA-EK device and an ECC-EK device enroll,
 * renew over mTLS with their TPM-held key (same key, then a new one), and stop on revocation, by the
 * notice while connected and by the refused connect while offline. Each device is its own swtpm,
 * which its scripts start and stop.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReferenceDeviceIT {
    private static final String TRUST_DOMAIN = "fleet.e2e.test";
    private static final int URI_NAME = 6;
    private static final Duration REVOCATION_WAIT = Duration.ofSeconds(15);

    private Path folder;
    private GivenGateway gateway;
    private ReferenceDevice rsa;
    private ReferenceDevice ecc;

    @BeforeAll
    void given_a_gateway(@TempDir Path dir) throws Exception {
        folder = dir;
        gateway = GivenGateway.initializedAndStarted(Files.createDirectories(folder.resolve("gateway")), "gw-refdev");
        Path caFile = gateway.folder.resolve("gateway-ca-chain.pem");
        rsa = new ReferenceDevice(folder.resolve("ref-rsa-0001"), "ref-rsa-0001", "127.0.0.1", gateway.mqttPort(), caFile);
        ecc = new ReferenceDevice(folder.resolve("ref-ecc-0001"), "ref-ecc-0001", "127.0.0.1", gateway.mqttPort(), caFile);
    }

    @AfterAll
    void stop_the_gateway() {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    @Order(1)
    void a_missing_program_fails_with_the_apt_get_line_that_installs_it() throws Exception {
        // a PATH holding every program of /usr/bin but jq
        Path bin = Files.createDirectories(folder.resolve("bin-without-jq"));
        try (Stream<Path> programs = Files.list(Path.of("/usr/bin"))) {
            for (Path program : programs.filter(p -> !p.getFileName().toString().equals("jq")).toList()) {
                Files.createSymbolicLink(bin.resolve(program.getFileName()), program);
            }
        }
        ReferenceDevice device = new ReferenceDevice(folder.resolve("no-jq"), "no-jq", "127.0.0.1", 1, Path.of("none"));

        ReferenceDevice.Run run = device.run(Map.of("PATH", bin.toString()), "identify.sh", "--dir", device.folder().toString());

        assertThat(run.exit()).as(run.output()).isEqualTo(ReferenceDevice.EXIT_MISSING_TOOL);
        assertThat(run.output()).contains("jq is missing: apt-get install -y jq");
    }

    @Test
    @Order(2)
    void an_rsa_ek_device_enrolls_and_its_certificate_chains_to_the_gateway_and_holds_its_tpm_key() throws Exception {
        then_it_enrolls(rsa, "rsa");
    }

    @Test
    @Order(3)
    void an_ecc_ek_device_enrolls_with_its_ek_certificate() throws Exception {
        then_it_enrolls(ecc, "ecc384");
        assertThat(ecc.file("ekcert.der")).as("swtpm_setup certified the P-384 EK").exists();
    }

    @Test
    @Order(4)
    void the_device_renews_over_mtls_with_its_tpm_key_then_with_a_new_tpm_key() throws Exception {
        X509Certificate enrolled = certificate(rsa.file("device.crt.pem"));

        ReferenceDevice.Run same = rsa.renew();
        assertThat(same.exit()).as(same.output()).isZero();
        X509Certificate renewed = certificate(rsa.file("device.crt.pem"));
        assertThat(renewed.getSerialNumber()).isNotEqualTo(enrolled.getSerialNumber());
        assertThat(renewed.getPublicKey()).isEqualTo(enrolled.getPublicKey());
        then_valid_on_record_and_the_tpm_key(rsa, renewed);

        ReferenceDevice.Run newKey = rsa.renew("--new-key");
        assertThat(newKey.exit()).as(newKey.output()).isZero();
        X509Certificate rekeyed = certificate(rsa.file("device.crt.pem"));
        assertThat(rekeyed.getPublicKey()).isNotEqualTo(renewed.getPublicKey());
        then_valid_on_record_and_the_tpm_key(rsa, rekeyed);

        // the new key now carries the mTLS session
        ReferenceDevice.Run after = rsa.renew();
        assertThat(after.exit()).as(after.output()).isZero();
        assertThat(certificate(rsa.file("device.crt.pem")).getPublicKey()).isEqualTo(rekeyed.getPublicKey());
        assertThat(gateway.application.registry().certificates().findByDevice(rsa.id())).hasSize(4);
        System.out.printf("reference device renewal: same key %d ms, new key %d ms, then %d ms%n",
                same.took().toMillis(), newKey.took().toMillis(), after.took().toMillis());
    }

    @Test
    @Order(5)
    void a_connected_device_revoked_from_the_command_line_reports_the_notice_for_its_serial_and_stops() throws Exception {
        String serial = certificate(rsa.file("device.crt.pem")).getSerialNumber().toString(16);
        try (ReferenceDevice.Watch watch = rsa.watch()) {
            watch.watching().get(60, TimeUnit.SECONDS);

            long revoking = System.nanoTime();
            GivenGateway.cli("revoke", "--config", gateway.config.toString(), "--device", rsa.id(), "--reason", "keyCompromise");
            long revoked = System.nanoTime();
            ReferenceDevice.Run watched = watch.awaitExit(REVOCATION_WAIT);

            System.out.printf("reference device: the revoke command took %d ms; the device reported %s ms after it returned"
                    + " and ended %d ms after: %s%n", Duration.ofNanos(revoked - revoking).toMillis(),
                    watch.revokedAtNanos().map(at -> Long.toString(Duration.ofNanos(at - revoked).toMillis())).orElse("?"),
                    Duration.ofNanos(System.nanoTime() - revoked).toMillis(),
                    watched.output().lines().filter(line -> line.contains("REVOKED")).findFirst().orElse("?"));
            assertThat(watched.exit()).as(watched.output()).isEqualTo(ReferenceDevice.EXIT_REVOKED);
            // the notice names the held certificate; notices for the three it superseded are not acted on
            assertThat(watched.output()).containsPattern("REVOKED: (notice: serial " + serial
                    + " reason keyCompromise|connect refused Banned \\(0x8A\\): certificate serial " + serial + ")");
        }
        ReferenceDevice.Run renewal = rsa.renew();
        assertThat(renewal.exit()).as("a revoked device stays stopped: " + renewal.output()).isEqualTo(ReferenceDevice.EXIT_REVOKED);
        assertThat(renewal.output()).contains("it stays stopped");
    }

    @Test
    @Order(6)
    void a_device_revoked_while_offline_learns_it_from_the_refused_connect_of_its_next_renewal() throws Exception {
        String serial = certificate(ecc.file("device.crt.pem")).getSerialNumber().toString(16);
        GivenGateway.cli("revoke", "--config", gateway.config.toString(), "--device", ecc.id(), "--reason", "cessationOfOperation");

        ReferenceDevice.Run renewal = ecc.renew();

        assertThat(renewal.exit()).as(renewal.output()).isEqualTo(ReferenceDevice.EXIT_REVOKED);
        assertThat(renewal.output()).contains("REVOKED: connect refused Banned (0x8A): certificate serial " + serial);
        assertThat(Files.readString(ecc.file("REVOKED"))).contains(serial);
    }

    private void then_it_enrolls(ReferenceDevice device, String ek) throws Exception {
        String ekSha256 = device.identify(ek);
        assertThat(ekSha256).isEqualTo(Onboarding.ekSha256(Files.readAllBytes(device.file("ek.pub"))));
        GivenGateway.cli("allow", "--config", gateway.config.toString(), "--device", device.id(), "--ek-sha256", ekSha256);

        ReferenceDevice.Run enrolled = device.enroll(ek);

        assertThat(enrolled.exit()).as(enrolled.output()).isZero();
        X509Certificate certificate = certificate(device.file("device.crt.pem"));
        assertThat(certificate.getSubjectAlternativeNames())
                .contains(List.of(URI_NAME, "spiffe://" + TRUST_DOMAIN + "/device/" + device.id()));
        then_valid_on_record_and_the_tpm_key(device, certificate);
        System.out.printf("reference device %s (%s EK): enrolled in %d ms%n", device.id(), ek, enrolled.took().toMillis());
    }

    /** openssl verify against the fleet root with the bundle's chain, the registry's record, the TPM's key. */
    private void then_valid_on_record_and_the_tpm_key(ReferenceDevice device, X509Certificate certificate) throws Exception {
        String verify = openssl("verify", "-CAfile", gateway.folder.resolve("fleet-root.pem").toString(),
                "-untrusted", device.file("chain.pem").toString(), device.file("device.crt.pem").toString());
        assertThat(verify).contains("device.crt.pem: OK");
        List<CertificateRecord> onRecord = gateway.application.registry().certificates().findByDevice(device.id());
        assertThat(onRecord).anySatisfy(issued -> {
            assertThat(issued.serialHex()).isEqualTo(certificate.getSerialNumber().toString(16));
            assertThat(issued.der()).isEqualTo(certificate.getEncoded());
        });
        byte[] tpmKey = TpmPublic.unmarshalTpm2b(Files.readAllBytes(device.file("device.pub"))).toPublicKey().getEncoded();
        assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(tpmKey);
    }

    private static X509Certificate certificate(Path pem) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem)));
    }

    private static String openssl(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            throw new AssertionError("openssl is missing: apt-get install -y openssl", e);
        }
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as("openssl " + String.join(" ", args) + ": " + output).isZero();
        return output;
    }
}
