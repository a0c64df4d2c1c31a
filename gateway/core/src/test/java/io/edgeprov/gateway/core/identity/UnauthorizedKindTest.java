package io.edgeprov.gateway.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class UnauthorizedKindTest {

    @ParameterizedTest
    @EnumSource(ConnectRefusal.class)
    void each_connect_refusal_counts_as_its_own_connect_kind(ConnectRefusal refusal) {
        assertThat(UnauthorizedKind.of(refusal).name()).isEqualTo("CONNECT_" + refusal.name());
    }

    @Test
    void no_two_connect_refusals_share_a_kind() {
        assertThat(Arrays.stream(ConnectRefusal.values()).map(UnauthorizedKind::of).distinct())
                .hasSize(ConnectRefusal.values().length);
    }
}
