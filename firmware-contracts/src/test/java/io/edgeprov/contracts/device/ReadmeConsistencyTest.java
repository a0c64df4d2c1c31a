package io.edgeprov.contracts.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

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

    private static String readme() throws IOException {
        assertThat(README).as("run from the firmware-contracts module directory").exists();
        return Files.readString(README);
    }
}
