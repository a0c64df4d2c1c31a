package io.edgeprov.tests.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.SwtpmTpm;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The EK certificates the TPMs carry: swtpm_setup's, issued by its private swtpm-localca, and
 * the software TPM's, issued by the simulated manufacturer, each chains to its own root and to
 * no other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EkCertificateChainIT {
    private TpmBackends backends;
    private SwtpmTpm swtpmRsa;
    private SwtpmTpm swtpmP384;
    private SimulatedManufacturerCa otherVendor;

    @BeforeAll
    void start_backends(@TempDir Path dir) throws Exception {
        backends = TpmBackends.start(dir, Clock.systemUTC());
        swtpmRsa = (SwtpmTpm) backends.swtpm("swtpm RSA EK").tpm();
        swtpmP384 = (SwtpmTpm) backends.swtpm("swtpm ECC P-384 EK").tpm();
        otherVendor = SimulatedManufacturerCa.create("Another TPM Vendor Root", Clock.systemUTC(), new SecureRandom());
    }

    @AfterAll
    void stop_backends() {
        if (backends != null) {
            backends.close();
        }
    }

    @Test
    void swtpm_ek_certificate_chains_to_its_local_ca() throws Exception {
        X509Certificate ekCert = certificate(swtpmRsa.endorsementKeyCertificate().orElseThrow());

        then_chains(ekCert, issuer(), root());
    }

    @Test
    void swtpm_p384_ek_certificate_chains_to_its_local_ca_and_certifies_the_ek() throws Exception {
        X509Certificate ekCert = certificate(swtpmP384.endorsementKeyCertificate().orElseThrow());

        then_chains(ekCert, issuer(), root());
        assertThat(TpmPublic.unmarshalTpm2b(swtpmP384.endorsementKeyPublic()).matches(ekCert.getPublicKey())).isTrue();
    }

    @Test
    void swtpm_ek_certificate_does_not_chain_to_another_root() throws Exception {
        X509Certificate ekCert = certificate(swtpmRsa.endorsementKeyCertificate().orElseThrow());

        assertThatThrownBy(() -> then_chains(ekCert, issuer(), otherVendor.certificate()))
                .isInstanceOf(CertPathValidatorException.class);
    }

    @Test
    void swtpm_ek_certificate_certifies_the_ek_the_tpm_presents() throws Exception {
        X509Certificate ekCert = certificate(swtpmRsa.endorsementKeyCertificate().orElseThrow());

        assertThat(TpmPublic.unmarshalTpm2b(swtpmRsa.endorsementKeyPublic()).matches(ekCert.getPublicKey())).isTrue();
    }

    @Test
    void swtpm_ek_certificate_is_marked_as_an_ek_certificate() throws Exception {
        X509Certificate ekCert = certificate(swtpmRsa.endorsementKeyCertificate().orElseThrow());

        assertThat(ekCert.getExtendedKeyUsage()).contains(SimulatedManufacturerCa.EK_CERTIFICATE_EKU);
    }

    @Test
    void software_ek_certificates_chain_to_the_simulated_manufacturer() throws Exception {
        for (SoftwareTpm tpm : softwareTpms()) {
            X509Certificate ekCert = certificate(tpm.endorsementKeyCertificate().orElseThrow());

            then_chains(ekCert, null, backends.vendor().certificate());
        }
    }

    @Test
    void software_ek_certificates_do_not_chain_to_another_root() throws Exception {
        for (SoftwareTpm tpm : softwareTpms()) {
            X509Certificate ekCert = certificate(tpm.endorsementKeyCertificate().orElseThrow());

            assertThatThrownBy(() -> then_chains(ekCert, null, otherVendor.certificate()))
                    .isInstanceOf(CertPathValidatorException.class);
        }
    }

    private List<SoftwareTpm> softwareTpms() {
        List<SoftwareTpm> tpms = backends.all().stream().map(NamedTpm::tpm)
                .filter(SoftwareTpm.class::isInstance).map(SoftwareTpm.class::cast).toList();
        assertThat(tpms).hasSize(2);
        return tpms;
    }

    /** PKIX validation of {@code ekCert} (and an optional intermediate) up to {@code root}. */
    private static void then_chains(X509Certificate ekCert, X509Certificate intermediate, X509Certificate root)
            throws Exception {
        CertificateFactory factory = CertificateFactory.getInstance("X.509");
        List<X509Certificate> path = intermediate == null ? List.of(ekCert) : List.of(ekCert, intermediate);
        PKIXParameters parameters = new PKIXParameters(Set.of(new TrustAnchor(root, null)));
        parameters.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(factory.generateCertPath(path), parameters);
    }

    private X509Certificate issuer() throws Exception {
        return pem(backends.swtpm().localCaIssuerCertificate());
    }

    private X509Certificate root() throws Exception {
        return pem(backends.swtpm().localCaRootCertificate());
    }

    private static X509Certificate pem(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    private static X509Certificate certificate(byte[] der) throws Exception {
        return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
    }
}
