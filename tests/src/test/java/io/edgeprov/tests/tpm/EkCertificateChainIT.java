package io.edgeprov.tests.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.AttestationFailure;
import io.edgeprov.pki.tpm.EkCertificate;
import io.edgeprov.pki.tpm.EkCertificateValidator;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The EK certificates the TPMs carry, through pki.tpm's EkCertificate and EkCertificateValidator:
 * swtpm_setup's (RSA 2048 and ECC P-384, issued by its private swtpm-localca through an issuing
 * CA) and the software TPM's (issued directly by the simulated manufacturer root). Each chains to
 * its own root, certifies the EK the TPM presents, and is refused under another root.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EkCertificateChainIT {
    private final Clock clock = Clock.systemUTC();
    private TpmBackends backends;
    private SimulatedManufacturerCa otherVendor;

    @BeforeAll
    void start_backends(@TempDir Path dir) throws Exception {
        backends = TpmBackends.start(dir, clock);
        otherVendor = SimulatedManufacturerCa.create("Another TPM Vendor Root", clock, new SecureRandom());
    }

    @AfterAll
    void stop_backends() {
        if (backends != null) {
            backends.close();
        }
    }

    /** Every back end whose TPM carries an EK certificate (swtpm_setup certifies no P-256 EK). */
    List<NamedTpm> certifiedBackends() {
        return backends.everyEk().stream().filter(b -> b.tpm().endorsementKeyCertificate().isPresent()).toList();
    }

    /** swtpm_setup's certified EKs: RSA 2048 and ECC P-384, issued through swtpm-localca's issuing CA. */
    List<NamedTpm> swtpmCertifiedBackends() {
        List<NamedTpm> swtpm = certifiedBackends().stream().filter(b -> b.name().startsWith("swtpm")).toList();
        assertThat(swtpm).hasSize(2);
        return swtpm;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certifiedBackends")
    void ek_certificate_chains_to_its_manufacturer_root_and_certifies_the_ek(NamedTpm backend) throws Exception {
        Issuer issuer = issuerOf(backend);

        new EkCertificateValidator(List.of(issuer.root), clock)
                .validate(ekCertificateOf(backend.tpm()), ekOf(backend.tpm()), issuer.intermediates);

        assertThat(ekCertificateOf(backend.tpm()).certificate().getExtendedKeyUsage())
                .contains(EkCertificate.EK_CERTIFICATE_EKU);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certifiedBackends")
    void ek_certificate_is_refused_under_another_root(NamedTpm backend) throws Exception {
        Issuer issuer = issuerOf(backend);
        EkCertificateValidator otherRoot = new EkCertificateValidator(List.of(otherVendor.certificate()), clock);

        then_refused(() -> otherRoot.validate(ekCertificateOf(backend.tpm()), ekOf(backend.tpm()), issuer.intermediates),
                AttestationFailure.EK_CERT_UNTRUSTED);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("certifiedBackends")
    void ek_certificate_is_refused_for_another_tpms_ek(NamedTpm backend) throws Exception {
        Issuer issuer = issuerOf(backend);
        DeviceTpm other = backends.all().stream().map(NamedTpm::tpm).filter(tpm -> tpm != backend.tpm())
                .findFirst().orElseThrow();

        then_refused(() -> new EkCertificateValidator(List.of(issuer.root), clock)
                        .validate(ekCertificateOf(backend.tpm()), ekOf(other), issuer.intermediates),
                AttestationFailure.EK_CERT_KEY_MISMATCH);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("swtpmCertifiedBackends")
    void swtpm_ek_certificate_without_its_issuing_ca_is_refused(NamedTpm backend) throws Exception {
        Issuer issuer = issuerOf(backend);

        then_refused(() -> new EkCertificateValidator(List.of(issuer.root), clock)
                        .validateChain(ekCertificateOf(backend.tpm()), List.of()),
                AttestationFailure.EK_CERT_UNTRUSTED);
    }

    private static void then_refused(ThrowingCallable validation, AttestationFailure cause) {
        assertThatThrownBy(validation)
                .isInstanceOfSatisfying(AttestationException.class, e -> assertThat(e.failure()).isEqualTo(cause));
    }

    /** The root a group enrollment would trust for this back end, and the intermediates a device would send. */
    private record Issuer(X509Certificate root, List<X509Certificate> intermediates) {
    }

    private Issuer issuerOf(NamedTpm backend) throws Exception {
        if (backend.name().startsWith("swtpm")) {
            return new Issuer(pem(backends.swtpm().localCaRootCertificate()),
                    List.of(pem(backends.swtpm().localCaIssuerCertificate())));
        }
        return new Issuer(backends.vendor().certificate(), List.of());
    }

    private static EkCertificate ekCertificateOf(DeviceTpm tpm) throws AttestationException {
        return EkCertificate.parse(tpm.endorsementKeyCertificate().orElseThrow());
    }

    private static TpmPublic ekOf(DeviceTpm tpm) throws Exception {
        return TpmPublic.unmarshalTpm2b(tpm.endorsementKeyPublic());
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
