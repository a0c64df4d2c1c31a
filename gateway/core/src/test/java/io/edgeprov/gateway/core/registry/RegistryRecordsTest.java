package io.edgeprov.gateway.core.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RegistryRecordsTest {

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void a_serial_with_a_leading_zero_is_refused_so_one_number_has_one_spelling() {
        assertThatThrownBy(() -> certificate("0abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serialHex");
    }

    @Test
    void an_upper_case_serial_is_refused() {
        assertThatThrownBy(() -> certificate("ABC")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lower-case");
    }

    @Test
    void the_canonical_serial_of_a_number_is_its_lower_case_hex() {
        assertThat(CertificateRecord.serialHexOf(new java.math.BigInteger("255"))).isEqualTo("ff");
    }

    @Test
    void a_certificate_keeps_its_own_copy_of_the_der() {
        byte[] der = {1, 2, 3};
        CertificateRecord cert = new CertificateRecord("1", "d", T, T.plusSeconds(1), der, T, Optional.empty());

        der[0] = 9;
        cert.der()[1] = 9;

        assertThat(cert.der()).containsExactly(1, 2, 3);
    }

    @Test
    void a_digest_of_the_wrong_length_is_refused_with_the_length() {
        assertThatThrownBy(() -> new Sha256Digest(new byte[31])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("got 31");
    }

    @Test
    void a_challenge_that_expires_before_it_is_issued_is_refused() {
        assertThatThrownBy(() -> StoredChallenge.forSecret("c", "d", new byte[] {1}, new byte[34], T, T))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expiresAt");
    }

    @Test
    void a_group_enrollment_pattern_must_match_the_whole_serial() {
        EnrollmentRule.Group group = new EnrollmentRule.Group("acme", "ACME-[0-9]{4}");

        assertThat(group.admitsSerial("ACME-0042")).isTrue();
        assertThat(group.admitsSerial("ACME-00421")).isFalse();
    }

    @Test
    void an_invalid_group_pattern_is_refused_when_created() {
        assertThatThrownBy(() -> new EnrollmentRule.Group("acme", "ACME-[")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serialPattern");
    }

    @Test
    void a_failure_names_its_cause_in_the_message() {
        assertThat(new RegistryException(RegistryFailure.SERIAL_ALREADY_USED, "serial 1f").getMessage())
                .isEqualTo("SERIAL_ALREADY_USED: serial 1f");
    }

    private static CertificateRecord certificate(String serial) {
        return new CertificateRecord(serial, "d", T, T.plusSeconds(1), new byte[] {1}, T, Optional.empty());
    }
}
