package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchCommandTest {
    @TempDir
    Path results;

    @Test
    void bench_gateway_refuses_zero_devices_before_starting_anything() {
        CliRun.Outcome outcome = whenBench("gateway", "--devices", "0");

        thenUsageError(outcome, "--devices must be 1..5000, was 0");
    }

    @Test
    void bench_gateway_refuses_more_concurrency_than_devices() {
        CliRun.Outcome outcome = whenBench("gateway", "--devices", "4", "--concurrency", "8");

        thenUsageError(outcome, "--concurrency must not exceed --devices (4), was 8");
    }

    @Test
    void bench_refuses_seconds_out_of_range_for_any_target() {
        CliRun.Outcome outcome = whenBench("gateway", "--seconds", "0");

        thenUsageError(outcome, "--seconds must be 1..600, was 0");
    }

    @Test
    void bench_refuses_an_unknown_target_and_lists_the_known_ones() {
        CliRun.Outcome outcome = whenBench("broker");

        thenUsageError(outcome, "unknown bench target 'broker'; known: pki, gateway");
    }

    @Test
    void bench_help_lists_the_gateway_target() {
        CliRun.Outcome outcome = CliRun.run("bench", "--help");

        assertThat(outcome.exit()).isZero();
        assertThat(outcome.out()).contains("gateway:").contains("--concurrency").contains("--cfssl");
    }

    private CliRun.Outcome whenBench(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "bench";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--results";
        all[args.length + 2] = results.toString();
        return CliRun.run(all);
    }

    private void thenUsageError(CliRun.Outcome outcome, String message) {
        assertThat(outcome.exit()).as(outcome.all()).isEqualTo(2);
        assertThat(outcome.err()).contains(message);
        assertThat(results).isEmptyDirectory();
    }
}
