package io.edgeprov.contracts.device;

import static io.edgeprov.contracts.device.IdentifiersTest.thenRefused;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessageRecordsTest {

    private static final ClientToken TOKEN = new ClientToken("tok");
    private static final ChallengeId ID = new ChallengeId("ch1");
    private static final Instant T = Instant.ofEpochSecond(1_767_225_600L);
    private static final DeviceId DEVICE = new DeviceId("sensor-0042");

    @Test
    void input_array_is_copied_in() {
        byte[] ek = {1, 2, 3};
        AttestationBegin begin = new AttestationBegin(TOKEN, ek, Optional.empty(), new byte[] {4});

        ek[0] = 9;

        assertThat(begin.ekPublic()).containsExactly(1, 2, 3);
    }

    @Test
    void accessor_array_is_copied_out() {
        AttestationBegin begin = new AttestationBegin(TOKEN, new byte[] {1, 2, 3}, Optional.empty(), new byte[] {4});

        begin.ekPublic()[0] = 9;

        assertThat(begin.ekPublic()).containsExactly(1, 2, 3);
    }

    @Test
    void optional_array_is_copied_out() {
        AttestationBegin begin = new AttestationBegin(TOKEN, new byte[] {1}, Optional.of(new byte[] {5, 6}),
                new byte[] {4});

        begin.ekCertificate().orElseThrow()[0] = 9;

        assertThat(begin.ekCertificate()).get().isEqualTo(new byte[] {5, 6});
    }

    @Test
    void chain_entries_are_copied_in() {
        byte[] ca = {7, 7};
        List<byte[]> chain = new ArrayList<>(List.of(ca));
        CredentialBundle bundle = new CredentialBundle(TOKEN, new byte[] {1}, chain, T, T);

        ca[0] = 0;
        chain.clear();

        assertThat(bundle.chain()).hasSize(1).first().isEqualTo(new byte[] {7, 7});
    }

    @Test
    void equal_content_makes_equal_messages() {
        AttestationFinish a = givenFinish(new byte[] {1, 2});
        AttestationFinish b = givenFinish(new byte[] {1, 2});

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void different_content_makes_different_messages() {
        assertThat(givenFinish(new byte[] {1, 2})).isNotEqualTo(givenFinish(new byte[] {1, 3}));
    }

    @Test
    void bundles_with_equal_chains_are_equal() {
        CredentialBundle a = new CredentialBundle(TOKEN, new byte[] {1}, List.of(new byte[] {2}), T, T);
        CredentialBundle b = new CredentialBundle(TOKEN, new byte[] {1}, List.of(new byte[] {2}), T, T);

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void to_string_shows_sizes_not_bytes() {
        byte[] proof = new byte[32];
        proof[0] = 0x5a;
        AttestationFinish finish = new AttestationFinish(TOKEN, ID, proof, new byte[] {1}, new byte[] {1},
                new byte[] {1}, new byte[] {1});

        assertThat(finish.toString()).contains("secretProof=32 bytes").doesNotContain("5a", "90", "[B@");
    }

    @Test
    void only_a_rejection_may_carry_the_empty_client_token() {
        assertThat(new Rejection(ClientToken.NONE, WireErrorCode.MALFORMED_MESSAGE, "field $: SYNTAX").clientToken())
                .isEqualTo(ClientToken.NONE);
        thenRefused(() -> new RenewRequest(ClientToken.NONE, new byte[] {1}, java.util.Optional.empty()), "clientToken",
                WireProblem.EMPTY);
        thenRefused(() -> new AttestationFinish(ClientToken.NONE, ID, new byte[32], new byte[] {1}, new byte[] {1},
                new byte[] {1}, new byte[] {1}), "clientToken", WireProblem.EMPTY);
    }

    @Test
    void to_string_hides_the_client_token() {
        Rejection r = new Rejection(new ClientToken("SeCrEt"), WireErrorCode.RATE_LIMITED, "slow down");

        assertThat(r.toString()).doesNotContain("SeCrEt");
    }

    @Test
    void secret_proof_must_be_32_bytes() {
        thenRefused(() -> givenFinish(new byte[31], new byte[] {1}), "secretProof", WireProblem.WRONG_LENGTH);
    }

    @Test
    void oversized_csr_is_refused() {
        thenRefused(() -> givenFinish(new byte[32], new byte[WireLimits.CSR_MAX + 1]), "csr", WireProblem.TOO_LONG);
    }

    @Test
    void empty_ek_public_is_refused() {
        thenRefused(() -> new AttestationBegin(TOKEN, new byte[0], Optional.empty(), new byte[] {1}), "ekPublic",
                WireProblem.EMPTY);
    }

    @Test
    void missing_client_token_is_refused() {
        thenRefused(() -> new RenewRequest(null, new byte[] {1}, Optional.empty()), "clientToken", WireProblem.MISSING);
    }

    @Test
    void chain_of_five_is_refused() {
        List<byte[]> five = List.of(new byte[] {1}, new byte[] {2}, new byte[] {3}, new byte[] {4}, new byte[] {5});

        thenRefused(() -> new CredentialBundle(TOKEN, new byte[] {1}, five, T, T), "chain", WireProblem.TOO_MANY_ENTRIES);
    }

    @Test
    void oversized_chain_entry_is_named_by_index() {
        List<byte[]> chain = List.of(new byte[] {1}, new byte[WireLimits.CERTIFICATE_MAX + 1]);

        thenRefused(() -> new CredentialBundle(TOKEN, new byte[] {1}, chain, T, T), "chain[1]", WireProblem.TOO_LONG);
    }

    @Test
    void renew_after_later_than_not_after_is_refused() {
        thenRefused(() -> new CredentialBundle(TOKEN, new byte[] {1}, List.of(new byte[] {2}), T, T.plusSeconds(1)),
                "renewAfter", WireProblem.INCONSISTENT);
    }

    @Test
    void timestamp_before_the_epoch_is_refused() {
        thenRefused(() -> new Challenge(TOKEN, ID, new byte[] {1}, new byte[] {1}, Instant.ofEpochSecond(-1)),
                "expiresAt", WireProblem.OUT_OF_RANGE);
    }

    @Test
    void timestamp_is_truncated_to_whole_seconds() {
        Challenge c = new Challenge(TOKEN, ID, new byte[] {1}, new byte[] {1}, T.plusMillis(900));

        assertThat(c.expiresAt()).isEqualTo(T);
    }

    @Test
    void serial_must_be_lowercase_hex() {
        thenRefused(() -> new RevocationNotice(new DeviceId("d1"), "00AB", RevocationReason.SUPERSEDED, T), "serial",
                WireProblem.BAD_FORMAT);
    }

    @Test
    void serial_longer_than_20_octets_is_refused() {
        thenRefused(() -> new RevocationNotice(new DeviceId("d1"), "a".repeat(41), RevocationReason.SUPERSEDED, T),
                "serial", WireProblem.TOO_LONG);
    }

    @Test
    void rejection_reason_over_256_utf8_bytes_is_refused() {
        String text = "é".repeat(129);

        thenRefused(() -> new Rejection(TOKEN, WireErrorCode.INTERNAL_ERROR, text), "reason", WireProblem.TOO_LONG);
    }

    @Test
    void rejection_reason_with_a_line_break_is_refused() {
        thenRefused(() -> new Rejection(TOKEN, WireErrorCode.INTERNAL_ERROR, "a\nb"), "reason", WireProblem.BAD_FORMAT);
    }

    @Test
    void revocation_reason_is_named_as_in_rfc_5280() {
        assertThat(RevocationReason.fromRfcName("keyCompromise")).contains(RevocationReason.KEY_COMPROMISE);
        assertThat(RevocationReason.CA_COMPROMISE.rfcName()).isEqualTo("cACompromise");
        assertThat(RevocationReason.REMOVE_FROM_CRL.crlCode()).isEqualTo(8);
    }

    @Test
    void renew_request_with_a_new_key_differs_from_one_without() {
        NewDeviceKey key = new NewDeviceKey(new byte[] {1}, new byte[] {2}, new byte[] {3});

        assertThat(new RenewRequest(TOKEN, new byte[] {1}, Optional.of(key)))
                .isNotEqualTo(new RenewRequest(TOKEN, new byte[] {1}, Optional.empty()));
    }

    @Test
    void begin_built_without_a_device_id_has_none() {
        assertThat(givenBegin().deviceId()).isEmpty();
    }

    @Test
    void finish_built_without_a_device_id_has_none() {
        assertThat(givenFinish(new byte[] {1}).deviceId()).isEmpty();
    }

    @Test
    void begins_differing_only_in_the_device_id_are_not_equal() {
        assertThat(givenBegin(Optional.of(DEVICE))).isNotEqualTo(givenBegin())
                .isNotEqualTo(givenBegin(Optional.of(new DeviceId("sensor-0043"))));
    }

    @Test
    void finishes_differing_only_in_the_device_id_are_not_equal() {
        assertThat(givenFinish(Optional.of(DEVICE))).isNotEqualTo(givenFinish(new byte[] {1}));
    }

    @Test
    void begins_with_equal_device_ids_are_equal() {
        AttestationBegin a = givenBegin(Optional.of(new DeviceId("sensor-0042")));
        AttestationBegin b = givenBegin(Optional.of(new DeviceId("sensor-0042")));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void finishes_with_equal_device_ids_are_equal() {
        AttestationFinish a = givenFinish(Optional.of(new DeviceId("sensor-0042")));
        AttestationFinish b = givenFinish(Optional.of(new DeviceId("sensor-0042")));

        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    }

    @Test
    void to_string_shows_the_device_id() {
        assertThat(givenBegin(Optional.of(DEVICE)).toString()).contains("deviceId=sensor-0042");
        assertThat(givenFinish(Optional.of(DEVICE)).toString()).contains("deviceId=sensor-0042");
    }

    @Test
    void to_string_says_when_the_device_id_is_absent() {
        assertThat(givenBegin().toString()).contains("deviceId=absent");
        assertThat(givenFinish(new byte[] {1}).toString()).contains("deviceId=absent");
    }

    @Test
    void null_device_id_option_is_refused() {
        thenRefused(() -> givenBegin(null), "deviceId", WireProblem.MISSING);
        thenRefused(() -> givenFinish((Optional<DeviceId>) null), "deviceId", WireProblem.MISSING);
    }

    private static AttestationBegin givenBegin() {
        return new AttestationBegin(TOKEN, new byte[] {1}, Optional.empty(), new byte[] {2});
    }

    private static AttestationBegin givenBegin(Optional<DeviceId> deviceId) {
        return new AttestationBegin(TOKEN, new byte[] {1}, Optional.empty(), new byte[] {2}, deviceId);
    }

    private static AttestationFinish givenFinish(Optional<DeviceId> deviceId) {
        return new AttestationFinish(TOKEN, ID, new byte[32], new byte[] {1}, new byte[] {2}, new byte[] {3},
                new byte[] {1}, deviceId);
    }

    private static AttestationFinish givenFinish(byte[] csr) {
        return givenFinish(new byte[32], csr);
    }

    private static AttestationFinish givenFinish(byte[] proof, byte[] csr) {
        return new AttestationFinish(TOKEN, ID, proof, new byte[] {1}, new byte[] {2}, new byte[] {3}, csr);
    }
}
