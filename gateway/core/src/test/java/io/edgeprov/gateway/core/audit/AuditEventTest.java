package io.edgeprov.gateway.core.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class AuditEventTest {

    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n"
            + "-----END PRIVATE KEY-----";

    @Test
    void refuses_a_pem_block_in_details_and_names_the_key_but_not_the_value() {
        assertThatThrownBy(() -> givenEvent().withDetail("csr", PEM_KEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'csr'")
                .hasMessageContaining("PEM")
                .hasMessageNotContaining("MIGHAgEAMBMG");
    }

    @Test
    void refuses_a_long_base64_blob_in_details() {
        String blob = Base64.getEncoder().encodeToString(randomBytes(48));

        assertThatThrownBy(() -> givenEvent().withDetail("note", "key was " + blob + " today"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("base64")
                .hasMessageNotContaining(blob);
    }

    @Test
    void refuses_a_detail_key_that_names_a_secret() {
        assertThatThrownBy(() -> givenEvent().withDetail("caPassphrase", "x"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("names a secret");
    }

    @Test
    void refuses_key_material_in_the_target() {
        assertThatThrownBy(() -> AuditEvent.of(Instant.EPOCH, "op", "device.enroll", PEM_KEY, AuditOutcome.SUCCESS, "OK"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("target");
    }

    @Test
    void accepts_a_long_mixed_case_device_id_as_target_so_auditing_never_blocks_a_legitimate_change() {
        String deviceId = "AcmeSensorLine7Unit000000000000000000000000000042";

        assertThat(AuditEvent.of(Instant.EPOCH, "gateway", "certificate.issue", deviceId, AuditOutcome.SUCCESS, "OK")
                .target()).isEqualTo(deviceId);
    }

    @Test
    void accepts_hex_digests_and_ordinary_ids_in_details() {
        String sha256Hex = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";

        AuditEvent event = givenEvent().withDetail("ekSha256", sha256Hex).withDetail("device", "sensor-0042");

        assertThat(event.details()).containsEntry("ekSha256", sha256Hex).containsEntry("device", "sensor-0042");
    }

    @Test
    void keeps_details_sorted_and_unaffected_by_later_changes_to_the_callers_map() {
        Map<String, String> callers = new LinkedHashMap<>();
        callers.put("zeta", "1");
        callers.put("alpha", "2");

        AuditEvent event = new AuditEvent(Instant.EPOCH, "op", "a", "t", AuditOutcome.SUCCESS, "OK", callers);
        callers.put("beta", "3");

        assertThat(event.details().keySet()).containsExactly("alpha", "zeta");
    }

    private static AuditEvent givenEvent() {
        return AuditEvent.of(Instant.parse("2026-01-01T00:00:00Z"), "technician:alice", "enrollment.add",
                "sensor-0042", AuditOutcome.SUCCESS, "OK");
    }

    private static byte[] randomBytes(int n) {
        byte[] bytes = new byte[n];
        new Random(7).nextBytes(bytes);
        return bytes;
    }
}
