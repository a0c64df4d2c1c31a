package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class GatewayBenchSettingsTest {
    private static final Path WORK = Path.of("target", "bench-work");

    @Test
    void accepts_the_documented_defaults() {
        GatewayBenchSettings settings = new GatewayBenchSettings(500, 128, 5, 100_000, "cfssl", WORK);

        assertThat(settings.devices()).isEqualTo(500);
        assertThat(settings.concurrency()).isEqualTo(128);
    }

    @Test
    void rejects_zero_devices_naming_the_option() {
        thenRejected(() -> new GatewayBenchSettings(0, 1, 5, 0, "cfssl", WORK), "--devices must be 1..5000, was 0");
    }

    @Test
    void rejects_more_devices_than_the_maximum() {
        thenRejected(() -> new GatewayBenchSettings(5001, 1, 5, 0, "cfssl", WORK), "--devices must be 1..5000, was 5001");
    }

    @Test
    void rejects_zero_concurrency() {
        thenRejected(() -> new GatewayBenchSettings(10, 0, 5, 0, "cfssl", WORK), "--concurrency must be 1..1024, was 0");
    }

    @Test
    void rejects_concurrency_above_the_device_count() {
        thenRejected(() -> new GatewayBenchSettings(4, 5, 5, 0, "cfssl", WORK), "--concurrency must not exceed --devices (4), was 5");
    }

    @Test
    void rejects_seconds_outside_one_to_six_hundred() {
        thenRejected(() -> new GatewayBenchSettings(10, 2, 0, 0, "cfssl", WORK), "--seconds must be 1..600, was 0");
        thenRejected(() -> new GatewayBenchSettings(10, 2, 601, 0, "cfssl", WORK), "--seconds must be 1..600, was 601");
    }

    @Test
    void rejects_a_negative_registry_device_count() {
        thenRejected(() -> new GatewayBenchSettings(10, 2, 5, -1, "cfssl", WORK), "--registry-devices must be 0..1000000, was -1");
    }

    @Test
    void rejects_a_blank_cfssl_command() {
        thenRejected(() -> new GatewayBenchSettings(10, 2, 5, 0, " ", WORK), "--cfssl must name an executable");
    }

    private static void thenRejected(Runnable construction, String message) {
        assertThatIllegalArgumentException().isThrownBy(construction::run).withMessageContaining(message);
    }
}
