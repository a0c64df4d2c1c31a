package io.edgeprov.gateway.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {
    @TempDir
    Path folder;

    @Test
    void run_with_a_missing_config_file_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("run", "--config", folder.resolve("absent.yaml").toString());

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--config: no file at");
    }

    @Test
    void run_with_a_bad_config_value_fails_naming_the_key() throws Exception {
        Path config = folder.resolve("gateway.yaml");
        Files.writeString(config, "gateway:\n  id: gw1\nfleet:\n  organization: Acme\n  trustDomain: fleet.acme.test\n"
                + "ca:\n  path: ca.p12\n  passphraseEnv: EDGEPROV_TEST_UNSET\nmqtt:\n  port: 70000\n");

        CliRun.Outcome outcome = CliRun.run("run", "--config", config.toString());

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.err()).contains("mqtt.port: '70000' is not allowed");
    }

    @Test
    void run_without_a_config_option_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("run");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("Missing required option: '--config=FILE'");
    }
}
