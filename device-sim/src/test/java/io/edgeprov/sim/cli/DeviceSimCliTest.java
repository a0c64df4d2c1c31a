package io.edgeprov.sim.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class DeviceSimCliTest {
    @TempDir
    Path dir;

    @Test
    void onboarding_command_writes_one_csv_line_per_device() throws Exception {
        Path csv = dir.resolve("devices.csv");

        int exit = run("onboarding", "--devices", "3", "--ek", "ecc", "--seed", "5", "--onboarding-out", csv.toString());

        List<String> lines = Files.readAllLines(csv);
        assertThat(exit).isZero();
        assertThat(lines).hasSize(4);
        assertThat(lines.get(0)).isEqualTo("deviceId,ekSha256");
        assertThat(lines.get(1)).matches("sim-0001,[0-9a-f]{64}");
    }

    @Test
    void onboarding_with_the_same_seed_is_reproducible() throws Exception {
        Path first = dir.resolve("first.csv");
        Path second = dir.resolve("second.csv");

        run("onboarding", "--devices", "2", "--ek", "ecc", "--seed", "9", "--onboarding-out", first.toString());
        run("onboarding", "--devices", "2", "--ek", "ecc", "--seed", "9", "--onboarding-out", second.toString());

        assertThat(Files.readString(second)).isEqualTo(Files.readString(first));
    }

    @Test
    void onboarding_command_writes_the_manufacturer_ca_as_pem() throws Exception {
        Path pem = dir.resolve("manufacturer.pem");

        run("onboarding", "--devices", "1", "--ek", "ecc", "--manufacturer-out", pem.toString());

        assertThat(CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Files.readAllBytes(pem))).getType()).isEqualTo("X.509");
    }

    @Test
    void a_coap_fleet_without_the_coap_address_is_a_usage_error() {
        int exit = run("fleet", "--devices", "1", "--transport", "coap", "--broker", "127.0.0.1:8883",
                "--ca", dir.resolve("ca.pem").toString());

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void an_unknown_transport_is_a_usage_error() {
        int exit = run("fleet", "--devices", "1", "--transport", "http", "--coap", "127.0.0.1:5684",
                "--ca", dir.resolve("ca.pem").toString());

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void fleet_command_without_broker_is_a_usage_error() {
        int exit = run("fleet", "--devices", "1", "--ca", dir.resolve("ca.pem").toString());

        assertThat(exit).isEqualTo(CommandLine.ExitCode.USAGE);
    }

    @Test
    void durations_accept_short_units_and_iso_8601() {
        CliConverters.DurationConverter converter = new CliConverters.DurationConverter();

        assertThat(List.of(converter.convert("500ms"), converter.convert("20s"), converter.convert("2m"), converter.convert("PT1H")))
                .containsExactly(Duration.ofMillis(500), Duration.ofSeconds(20), Duration.ofMinutes(2), Duration.ofHours(1));
    }

    @Test
    void broker_address_needs_host_and_port() {
        CliConverters.BrokerConverter converter = new CliConverters.BrokerConverter();

        assertThat(converter.convert("127.0.0.1:8883")).isEqualTo(new CliConverters.BrokerAddress("127.0.0.1", 8883));
        assertThat(converter.convert("[::1]:8883")).isEqualTo(new CliConverters.BrokerAddress("::1", 8883));
        assertThatThrownBy(() -> converter.convert("gateway")).isInstanceOf(CommandLine.TypeConversionException.class);
    }

    private int run(String... args) {
        CommandLine cli = DeviceSimCli.commandLine();
        StringWriter sink = new StringWriter();
        cli.setOut(new PrintWriter(sink));
        cli.setErr(new PrintWriter(sink));
        return cli.execute(args);
    }
}
