package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.WireErrorCode;
import org.junit.jupiter.api.Test;

class RetryTest {

    @Test
    void the_terminal_device_revoked_is_never_retried() {
        assertThat(Retry.isTransient(WireErrorCode.DEVICE_REVOKED)).isFalse();
    }

    @Test
    void back_off_and_server_codes_are_retried() {
        assertThat(Retry.isTransient(WireErrorCode.RATE_LIMITED)).isTrue();
        assertThat(Retry.isTransient(WireErrorCode.INTERNAL_ERROR)).isTrue();
    }
}
