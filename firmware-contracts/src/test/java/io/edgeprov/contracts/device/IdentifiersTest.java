package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifiersTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "Z9", "sensor-0042", "lot_7.unit-3", "CA", "ca1"})
    void device_id_accepts_letters_digits_and_dot_underscore_dash_after_the_first(String id) {
        assertThat(new DeviceId(id).value()).isEqualTo(id);
    }

    @Test
    void device_id_accepts_64_characters() {
        assertThat(DeviceId.check("d".repeat(64))).isEmpty();
    }

    @Test
    void device_id_refuses_65_characters() {
        thenRefused(() -> new DeviceId("d".repeat(65)), "deviceId", WireProblem.TOO_LONG);
    }

    @Test
    void device_id_refuses_empty() {
        thenRefused(() -> new DeviceId(""), "deviceId", WireProblem.EMPTY);
    }

    @Test
    void device_id_refuses_null() {
        thenRefused(() -> new DeviceId(null), "deviceId", WireProblem.MISSING);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev/1", "dev+", "dev#", "+", "#", ".hidden", "-x", "_x", "..", "dev 1", "dév", "dev\u0000"})
    void device_id_refuses_wildcards_separators_and_bad_first_characters(String id) {
        thenRefused(() -> new DeviceId(id), "deviceId", WireProblem.BAD_FORMAT);
    }

    @Test
    void device_id_refuses_the_reserved_ca() {
        thenRefused(() -> new DeviceId("ca"), "deviceId", WireProblem.RESERVED);
    }

    @Test
    void device_id_refusal_names_the_position() {
        assertThat(DeviceId.check("ab/c")).get().extracting(Throwable::getMessage).asString().contains("index 2");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "c7Tq-0001", "A_b-9", "-leading-dash-ok"})
    void client_token_accepts_base64url_characters(String token) {
        assertThat(new ClientToken(token).value()).isEqualTo(token);
    }

    @ParameterizedTest
    @ValueSource(strings = {"a.b", "a/b", "a+b", "a=", "a b"})
    void client_token_refuses_other_characters(String token) {
        thenRefused(() -> new ClientToken(token), "clientToken", WireProblem.BAD_FORMAT);
    }

    @Test
    void client_token_refuses_65_characters() {
        thenRefused(() -> new ClientToken("t".repeat(65)), "clientToken", WireProblem.TOO_LONG);
    }

    @Test
    void client_token_none_is_the_empty_string_and_no_device_token_equals_it() {
        assertThat(ClientToken.NONE.value()).isEmpty();
        assertThat(ClientToken.NONE.isNone()).isTrue();
        assertThat(new ClientToken("-").isNone()).isFalse();
        assertThat(new ClientToken("unknown").isNone()).isFalse();
    }

    @Test
    void client_token_refuses_null() {
        thenRefused(() -> new ClientToken(null), "clientToken", WireProblem.MISSING);
    }

    @Test
    void client_token_to_string_hides_the_value() {
        assertThat(new ClientToken("SeCrEtToken")).asString().doesNotContain("SeCrEt");
    }

    @Test
    void challenge_id_refuses_wildcards() {
        thenRefused(() -> new ChallengeId("ab#"), "challengeId", WireProblem.BAD_FORMAT);
    }

    @Test
    void challenge_id_refuses_empty() {
        thenRefused(() -> new ChallengeId(""), "challengeId", WireProblem.EMPTY);
    }

    static void thenRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String field,
                            WireProblem problem) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.field()).isEqualTo(field);
            assertThat(v.problem()).isEqualTo(problem);
        });
    }
}
