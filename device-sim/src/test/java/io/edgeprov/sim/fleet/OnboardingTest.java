package io.edgeprov.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class OnboardingTest {

    @Test
    void ek_digest_is_sha256_of_the_whole_tpm2b_public_as_sha256sum_of_ek_pub() throws Exception {
        try (SoftwareTpm tpm = SoftwareTpm.builder().endorsementKey(SoftwareTpm.EndorsementKeyType.RSA_2048).build()) {
            byte[] ek = tpm.endorsementKeyPublic();
            byte[] tpm2bPublic = TpmPublic.unmarshalTpm2b(ek).marshalTpm2b();

            String digest = Onboarding.ekSha256(ek);

            assertThat(digest).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(tpm2bPublic)));
        }
    }

    @Test
    void ek_digest_refuses_a_size_prefix_that_does_not_match() {
        assertThatThrownBy(() -> Onboarding.ekSha256(new byte[] {0, 9, 1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("size prefix 9");
    }

    @Test
    void csv_has_a_header_and_one_line_per_device() throws Exception {
        String a = "a".repeat(64);
        String b = "b".repeat(64);
        StringWriter out = new StringWriter();

        Onboarding.writeCsv(List.of(new OnboardingEntry(new DeviceId("sim-0001"), a),
                new OnboardingEntry(new DeviceId("sim-0002"), b)), out);

        assertThat(out.toString()).isEqualTo("deviceId,ekSha256\nsim-0001," + a + "\nsim-0002," + b + "\n");
    }

    @Test
    void onboarding_entry_refuses_a_digest_that_is_not_64_lowercase_hex_digits() {
        assertThatThrownBy(() -> new OnboardingEntry(new DeviceId("sim-0001"), "ABC"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ekSha256");
    }

    @Test
    void pem_reads_back_as_the_same_certificate() throws Exception {
        SimulatedManufacturerCa ca = SimulatedManufacturerCa.create("Test EK Root", Clock.systemUTC(), new SecureRandom());

        String pem = Onboarding.pem(ca.certificate());

        assertThat(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))).isEqualTo(ca.certificate());
    }

    @Test
    void mixed_fleet_alternates_rsa_and_ecc_endorsement_keys() {
        assertThat(List.of(EkMix.MIXED.typeFor(0), EkMix.MIXED.typeFor(1), EkMix.MIXED.typeFor(2))).containsExactly(
                SoftwareTpm.EndorsementKeyType.RSA_2048, SoftwareTpm.EndorsementKeyType.ECC_P256,
                SoftwareTpm.EndorsementKeyType.RSA_2048);
    }

    @Test
    void ek_mix_parses_any_case_and_names_the_allowed_values_otherwise() {
        assertThat(EkMix.parse("Ecc")).isEqualTo(EkMix.ECC);
        assertThatThrownBy(() -> EkMix.parse("dsa")).hasMessageContaining("rsa, ecc or mixed");
    }
}
