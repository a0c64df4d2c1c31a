package io.edgeprov.tests.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.device.DeviceCredential;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.device.PahoDeviceTransport;
import io.edgeprov.sim.device.SimulatedDevice;
import io.edgeprov.sim.device.StepResult;
import io.edgeprov.sim.fleet.Onboarding;
import io.edgeprov.sim.fleet.OnboardingEntry;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.SwtpmInstance;
import io.edgeprov.sim.tpm.SwtpmTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One device whose TPM is real (swtpm driven by tpm2-tools) enrolls through the running gateway:
 * ActivateCredential, the device key, TPM2_Certify, the CSR signature and the mTLS client
 * signature all happen inside swtpm. One swtpm serves every device of the class; each device is a
 * different EK of it (RSA 2048 allowed individually, ECC P-256 allowed nowhere, ECC P-384 allowed by
 * a group over swtpm's private manufacturer CA), and the steps run one at a time because swtpm
 * serves one client connection at a time.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RealTpmEnrollmentIT {
    private static final String TRUST_DOMAIN = "fleet.e2e.test";
    /** GeneralName tag of a uniformResourceIdentifier, as X509Certificate.getSubjectAlternativeNames lists it. */
    private static final int URI_NAME = 6;
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(20);
    /** Every tpm2-tools call costs tens of milliseconds and an enrollment makes about twenty of them. */
    private static final DeviceSettings SETTINGS = DeviceSettings.defaults()
            .withTimeouts(Duration.ofSeconds(20), Duration.ofSeconds(30));

    private final List<AutoCloseable> opened = new ArrayList<>();
    private Path folder;
    private SwtpmInstance swtpm;
    private GivenGateway gateway;
    private ScheduledExecutorService scheduler;

    @BeforeAll
    void given_a_gateway_and_a_real_tpm(@TempDir Path dir) throws Exception {
        folder = dir;
        swtpm = SwtpmInstance.manufacture(folder.resolve("swtpm"));
        gateway = GivenGateway.initializedAndStarted(Files.createDirectories(folder.resolve("gateway")), "gw-swtpm");
        scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "swtpm-device");
            thread.setDaemon(true);
            return thread;
        });
    }

    @AfterAll
    void stop_everything() {
        for (int i = opened.size() - 1; i >= 0; i--) {
            try {
                opened.get(i).close();
            } catch (Exception e) {
                // keep closing the rest: the swtpm process below must stop whatever happened
            }
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (swtpm != null) {
            swtpm.close();
        }
    }

    @Test
    @Order(1)
    void the_ek_digest_the_operator_allows_is_sha256sum_of_the_tpm2_tools_ek_file() throws Exception {
        SwtpmTpm tpm = given_a_tpm(SwtpmTpm.EndorsementKeyType.RSA_2048, "digest");
        Path persisted = folder.resolve("digest").resolve("ek-persisted.pub");

        // swtpm_setup persisted the RSA EK at the TCG handle; tpm2_createek re-derived it from the same seed
        tool(folder.resolve("digest"), Map.of("TPM2TOOLS_TCTI", swtpm.tcti()),
                "tpm2_readpublic", "-c", "0x81010001", "-o", persisted.toString());

        String expected = Onboarding.ekSha256(tpm.endorsementKeyPublic());
        assertThat(sha256sum(folder.resolve("digest").resolve("ek.pub"))).isEqualTo(expected);
        assertThat(sha256sum(persisted)).isEqualTo(expected);
    }

    @Test
    @Order(2)
    void an_allowed_device_with_a_real_tpm_enrolls_reconnects_with_mtls_and_renews() throws Exception {
        SigningCounter tpm = new SigningCounter(given_a_tpm(SwtpmTpm.EndorsementKeyType.RSA_2048, "allowed"));
        DeviceId id = new DeviceId("swtpm-sensor-0001");
        gateway.allow(List.of(new OnboardingEntry(id, Onboarding.ekSha256(tpm.endorsementKeyPublic()))));
        SimulatedDevice device = given_a_device(id, tpm);

        StepResult enrolled = device.enroll();
        assertThat(enrolled.succeeded()).as(enrolled.detail()).isTrue();
        DeviceCredential first = device.credential().orElseThrow();
        then_the_certificate_names_the_device_and_holds_the_tpm_key(first, id, tpm);
        then_on_record(id, first.certificate());
        // the CSR is one TPM signature; the mTLS reconnect's CertificateVerify is at least one more
        assertThat(tpm.signatures()).isGreaterThanOrEqualTo(2);

        int beforeRenewal = tpm.signatures();
        StepResult renewed = device.renew();
        assertThat(renewed.succeeded()).as(renewed.detail()).isTrue();
        DeviceCredential second = device.credential().orElseThrow();

        assertThat(second.certificate().getSerialNumber()).isNotEqualTo(first.certificate().getSerialNumber());
        then_the_certificate_names_the_device_and_holds_the_tpm_key(second, id, tpm);
        then_on_record(id, second.certificate());
        assertThat(gateway.application.registry().certificates().findByDevice(id.value())).hasSize(2);
        assertThat(tpm.signatures()).isGreaterThan(beforeRenewal);
        assertThat(device.log().renewed()).isEqualTo(1);
    }

    @Test
    @Order(3)
    void a_real_tpm_whose_ek_is_not_allowed_is_refused_with_not_enrolled() throws Exception {
        DeviceId id = new DeviceId("swtpm-stranger-0001");
        SimulatedDevice device = given_a_device(id, given_a_tpm(SwtpmTpm.EndorsementKeyType.ECC_P256, "stranger"));

        StepResult result = device.enroll();

        assertThat(result.code()).as(result.detail()).contains(WireErrorCode.NOT_ENROLLED);
        assertThat(device.credential()).isEmpty();
        assertThat(gateway.application.registry().certificates().findByDevice(id.value())).isEmpty();
    }

    @Test
    @Order(4)
    void a_real_tpm_whose_ek_certificate_chains_to_the_allowed_manufacturer_ca_enrolls_by_group() throws Exception {
        SwtpmTpm tpm = given_a_tpm(SwtpmTpm.EndorsementKeyType.ECC_P384, "group");
        assertThat(tpm.endorsementKeyCertificate()).as("swtpm_setup certifies the P-384 EK").isPresent();
        // the gateway builds no path through intermediates, so the bundle holds swtpm's issuing CA beside its root
        Path roots = Files.writeString(folder.resolve("swtpm-manufacturer.pem"),
                Files.readString(swtpm.localCaIssuerCertificate()) + Files.readString(swtpm.localCaRootCertificate()));
        GivenGateway.cli("allow", "--config", gateway.config.toString(), "--group", "swtpm-line",
                "--roots", roots.toString(), "--serial-pattern", "swtpm-line-\\d{4}");
        DeviceId id = new DeviceId("swtpm-line-0042");
        SimulatedDevice device = given_a_device(id, tpm);

        StepResult enrolled = device.enroll();

        assertThat(enrolled.succeeded()).as(enrolled.detail()).isTrue();
        DeviceCredential credential = device.credential().orElseThrow();
        then_the_certificate_names_the_device_and_holds_the_tpm_key(credential, id, tpm);
        then_on_record(id, credential.certificate());
    }

    private SwtpmTpm given_a_tpm(SwtpmTpm.EndorsementKeyType ekType, String workDir) throws TpmOperationException {
        SwtpmTpm tpm = SwtpmTpm.open(swtpm, ekType, folder.resolve(workDir));
        opened.add(tpm);
        return tpm;
    }

    private SimulatedDevice given_a_device(DeviceId id, DeviceTpm tpm) throws Exception {
        SimulatedDevice device = SimulatedDevice.builder().id(id).tpm(tpm)
                // The two-connection path (docs/decisions/0036): this suite proves mTLS with the TPM-held key,
                // which a device that keeps its promoted attesting connection never needs before a reconnect.
                .transport(new PahoDeviceTransport(id, "127.0.0.1", gateway.mqttPort(), gateway.mqttPort(),
                        gateway.trustChain(), tpm, java.util.Optional.empty(), false))
                .settings(SETTINGS).scheduler(scheduler).build();
        opened.add(device);
        return device;
    }

    private static void then_the_certificate_names_the_device_and_holds_the_tpm_key(DeviceCredential credential,
            DeviceId id, DeviceTpm tpm) throws Exception {
        X509Certificate certificate = credential.certificate();
        List<?> deviceUri = List.of(URI_NAME, "spiffe://" + TRUST_DOMAIN + "/device/" + id.value());
        assertThat(certificate.getSubjectAlternativeNames()).contains(deviceUri);
        byte[] tpmKey = TpmPublic.unmarshalTpm2b(tpm.publicArea(credential.key())).toPublicKey().getEncoded();
        assertThat(certificate.getPublicKey().getEncoded()).isEqualTo(tpmKey);
    }

    private void then_on_record(DeviceId id, X509Certificate certificate) throws Exception {
        List<CertificateRecord> onRecord = gateway.application.registry().certificates().findByDevice(id.value());
        assertThat(onRecord).anySatisfy(issued -> {
            assertThat(issued.serialHex()).isEqualTo(certificate.getSerialNumber().toString(16));
            assertThat(issued.der()).isEqualTo(certificate.getEncoded());
        });
    }

    private static String sha256sum(Path file) throws Exception {
        String line = tool(file.getParent(), Map.of(), "sha256sum", file.getFileName().toString());
        return line.strip().split("\\s+")[0];
    }

    /** Runs a stock tool and returns its standard output; a missing tool names the Debian package. */
    private static String tool(Path dir, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            String pkg = command[0].startsWith("tpm2_") ? "tpm2-tools" : "coreutils";
            throw new AssertionError(command[0] + " is missing: apt-get install -y " + pkg, e);
        }
        try {
            if (!process.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(command[0] + " did not finish within " + TOOL_TIMEOUT);
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.exitValue()).as(command[0] + ": " + output).isZero();
            return output;
        } finally {
            process.toHandle().destroyForcibly();
        }
    }

    /** A real TPM that counts its signatures, to show the TLS client signature is made inside it. */
    private static final class SigningCounter implements DeviceTpm {
        private final DeviceTpm tpm;
        private final AtomicInteger signatures = new AtomicInteger();

        SigningCounter(DeviceTpm tpm) {
            this.tpm = tpm;
        }

        int signatures() {
            return signatures.get();
        }

        @Override
        public byte[] endorsementKeyPublic() {
            return tpm.endorsementKeyPublic();
        }

        @Override
        public Optional<byte[]> endorsementKeyCertificate() {
            return tpm.endorsementKeyCertificate();
        }

        @Override
        public byte[] attestationKeyPublic() {
            return tpm.attestationKeyPublic();
        }

        @Override
        public byte[] activateCredential(byte[] credentialBlob, byte[] encryptedSecret) throws TpmOperationException {
            return tpm.activateCredential(credentialBlob, encryptedSecret);
        }

        @Override
        public TpmKeyHandle createDeviceKey() throws TpmOperationException {
            return tpm.createDeviceKey();
        }

        @Override
        public byte[] publicArea(TpmKeyHandle key) throws TpmOperationException {
            return tpm.publicArea(key);
        }

        @Override
        public CertifyResult certify(TpmKeyHandle key, byte[] qualifyingData) throws TpmOperationException {
            return tpm.certify(key, qualifyingData);
        }

        @Override
        public byte[] signSha256(TpmKeyHandle key, byte[] message) throws TpmOperationException {
            byte[] signature = tpm.signSha256(key, message);
            signatures.incrementAndGet();
            return signature;
        }

        @Override
        public TpmKeyHandle importExternalKey(KeyPair keyPair) throws TpmOperationException {
            return tpm.importExternalKey(keyPair);
        }

        @Override
        public void close() {
            tpm.close();
        }
    }
}
