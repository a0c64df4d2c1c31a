package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class WireErrorCodeTest {

    @Test
    void codes_are_unique() {
        assertThat(Arrays.stream(WireErrorCode.values()).map(WireErrorCode::code)).doesNotHaveDuplicates();
    }

    @ParameterizedTest
    @EnumSource(WireErrorCode.class)
    void from_code_decodes_every_code_back(WireErrorCode code) {
        assertThat(WireErrorCode.fromCode(code.code())).contains(code);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 99, 199, 601, 700, 999})
    void from_code_is_empty_for_unassigned_numbers(int number) {
        assertThat(WireErrorCode.fromCode(number)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(WireErrorCode.class)
    void no_code_reuses_a_retired_number(WireErrorCode code) {
        assertThat(WireErrorCode.RETIRED).doesNotContain(code.code());
    }

    @ParameterizedTest
    @EnumSource(WireErrorCode.class)
    void every_code_has_a_one_line_meaning(WireErrorCode code) {
        assertThat(code.meaning()).isNotBlank().doesNotContain("\n");
    }

    @Test
    void codes_are_grouped_by_area() {
        assertThat(areaOf(List.of(WireErrorCode.MALFORMED_MESSAGE, WireErrorCode.UNSUPPORTED_VERSION))).containsOnly(1);
        assertThat(areaOf(List.of(WireErrorCode.NOT_ENROLLED, WireErrorCode.CHALLENGE_REPLAYED,
                WireErrorCode.CERTIFIED_NAME_MISMATCH, WireErrorCode.DEVICE_KEY_ATTRIBUTES_INVALID))).containsOnly(2);
        assertThat(areaOf(List.of(WireErrorCode.CSR_KEY_MISMATCH, WireErrorCode.CERTIFICATE_EXPIRED))).containsOnly(3);
        assertThat(areaOf(List.of(WireErrorCode.NOT_AUTHORIZED, WireErrorCode.DEVICE_MISMATCH,
                WireErrorCode.RATE_LIMITED, WireErrorCode.REATTESTATION_REQUIRED))).containsOnly(4);
        assertThat(areaOf(List.of(WireErrorCode.INTERNAL_ERROR))).containsOnly(5);
        assertThat(areaOf(List.of(WireErrorCode.DEVICE_REVOKED))).containsOnly(6);
    }

    @Test
    void every_code_lies_in_an_area_from_1_to_6() {
        assertThat(Arrays.stream(WireErrorCode.values()).map(WireErrorCode::area)).allMatch(a -> a >= 1 && a <= 6);
    }

    @Test
    void a_revoked_device_gets_the_one_terminal_code_600() {
        assertThat(WireErrorCode.fromCode(600)).contains(WireErrorCode.DEVICE_REVOKED);
        assertThat(Arrays.stream(WireErrorCode.values()).filter(WireErrorCode::isTerminal))
                .containsExactly(WireErrorCode.DEVICE_REVOKED);
    }

    private static List<Integer> areaOf(List<WireErrorCode> codes) {
        return codes.stream().map(WireErrorCode::area).toList();
    }
}
