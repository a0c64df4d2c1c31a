package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Firmware authors read the README, not the code: its tables must match the enums. */
class ReadmeConsistencyTest {

    private static final Path README = Path.of("README.md");

    @ParameterizedTest
    @EnumSource(WireErrorCode.class)
    void readme_error_table_lists_every_code_with_its_meaning(WireErrorCode code) throws IOException {
        assertThat(readme()).contains("| " + code.code() + " | `" + code.name() + "` | " + code.meaning() + " |");
    }

    @ParameterizedTest
    @EnumSource(TopicKind.class)
    void readme_topic_table_lists_every_topic_kind(TopicKind kind) throws IOException {
        assertThat(readme()).contains("| `prov/v1/{deviceId}/" + kind.suffix() + "` |");
    }

    @ParameterizedTest
    @EnumSource(RevocationReason.class)
    void readme_lists_every_revocation_reason_name(RevocationReason reason) throws IOException {
        assertThat(readme()).contains("`" + reason.rfcName() + "`");
    }

    static Stream<String> coapPaths() {
        return CoapPaths.ALL.stream();
    }

    @ParameterizedTest
    @MethodSource("coapPaths")
    void readme_coap_table_says_which_request_bodies_carry_the_device_id(String path) throws IOException {
        String row = readme().lines().filter(line -> line.startsWith("| `" + path + "` |")).findFirst()
                .orElseThrow(() -> new AssertionError("no README row for " + path));

        assertThat(row.contains("with `deviceId`")).as(row).isEqualTo(CoapPaths.requiresDeviceId(path));
    }

    static Stream<String> goldenVectorNames() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("src/test/resources/golden"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).sorted().toList().stream();
        }
    }

    @ParameterizedTest
    @MethodSource("goldenVectorNames")
    void readme_names_every_golden_vector(String name) throws IOException {
        assertThat(readme()).contains("`" + name + "`");
    }

    @org.junit.jupiter.api.Test
    void readme_has_the_device_life_cycle_and_the_terminal_area() throws IOException {
        assertThat(readme()).contains("## Device life cycle: what firmware must do", "**6: terminal, stop**",
                "`enrollment.challengeTtl`", "`certificates.lifetime`", "`prov/v1/ca/certs`");
    }

    private static String readme() throws IOException {
        assertThat(README).as("run from the firmware-contracts module directory").exists();
        return Files.readString(README);
    }
}
