package io.edgeprov.sim.tpm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExternalToolTest {
    @TempDir
    Path dir;

    @Test
    void missing_program_names_the_debian_packages_to_install() {
        assertThatThrownBy(() -> ExternalTool.locate("tpm2_no_such_tool"))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("tpm2_no_such_tool")
                .hasMessageContaining("apt-get install -y swtpm swtpm-tools tpm2-tools");
    }

    @Test
    void failing_program_reports_its_name_status_and_stderr() {
        ExternalTool tool = given_a_tool();

        assertThatThrownBy(() -> tool.run("sh", "-c", "echo broken-pipe-detail >&2; exit 3"))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageContaining("sh failed with exit status 3")
                .hasMessageContaining("broken-pipe-detail");
    }

    @Test
    void failing_program_never_reports_its_stdout() {
        ExternalTool tool = given_a_tool();

        assertThatThrownBy(() -> tool.run("sh", "-c", "echo certinfodata:cafebabe; exit 1"))
                .isInstanceOf(TpmOperationException.class)
                .hasMessageNotContaining("cafebabe");
    }

    @Test
    void successful_program_returns_its_stdout() throws TpmOperationException {
        assertThat(given_a_tool().run("sh", "-c", "echo hello")).isEqualTo("hello\n");
    }

    @Test
    void environment_reaches_the_program() throws TpmOperationException {
        ExternalTool tool = new ExternalTool(dir, Map.of("TPM2TOOLS_TCTI", "swtpm:port=1"), Duration.ofSeconds(10));

        assertThat(tool.run("sh", "-c", "printf %s \"$TPM2TOOLS_TCTI\"")).isEqualTo("swtpm:port=1");
    }

    @Test
    void long_stderr_is_cut_to_its_tail() {
        String excerpt = ExternalTool.excerpt("x".repeat(1000) + " the-real-cause");

        assertThat(excerpt).hasSizeLessThan(300).endsWith("the-real-cause");
    }

    private ExternalTool given_a_tool() {
        return new ExternalTool(dir, Map.of(), Duration.ofSeconds(10));
    }
}
