package io.edgeprov.gateway.core.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Base64;
import java.util.HexFormat;
import java.security.SecureRandom;
import org.junit.jupiter.api.Test;

class RedactorTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    private static byte[] random(int n) {
        byte[] bytes = new byte[n];
        RANDOM.nextBytes(bytes);
        return bytes;
    }

    @Test
    void pem_private_keys_are_removed_whole() {
        String key = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder().encodeToString(random(120)) + "\n-----END PRIVATE KEY-----";
        String out = Redactor.redact("loaded " + key + " ok");
        assertThat(out).isEqualTo("loaded [REDACTED PEM] ok");
    }

    @Test
    void a_truncated_pem_block_is_removed_to_the_end() {
        assertThat(Redactor.redact("oops -----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIB")).isEqualTo("oops [REDACTED PEM]");
    }

    @Test
    void values_of_secret_named_fields_are_masked() {
        assertThat(Redactor.redact("passphrase=hunter2 user=alice")).isEqualTo("passphrase=[REDACTED] user=alice");
        assertThat(Redactor.redact("{\"secretProof\":\"abc\",\"clientToken\":\"t1\"}"))
                .isEqualTo("{\"secretProof\":[REDACTED],\"clientToken\":[REDACTED]}");
        assertThat(Redactor.redact("PIN: 1234")).isEqualTo("PIN: [REDACTED]");
    }

    @Test
    void long_base64_runs_are_masked_but_words_are_kept() {
        String blob = Base64.getUrlEncoder().withoutPadding().encodeToString(random(48));
        assertThat(Redactor.redact("secret bytes " + blob)).doesNotContain(blob).contains("[REDACTED");
        String identifier = "AttestationFinishHandlerWithAVeryLongDescriptiveName";
        assertThat(Redactor.redact(identifier)).isEqualTo(identifier);
    }

    @Test
    void long_hex_runs_are_masked_but_serials_are_kept() {
        String secret = HexFormat.of().formatHex(random(32));
        assertThat(Redactor.redact("k=" + secret)).isEqualTo("k=[REDACTED HEX]");
        String serial = HexFormat.of().formatHex(random(16));
        assertThat(Redactor.redact("serial " + serial)).isEqualTo("serial " + serial);
    }
}
