package io.edgeprov.gateway.mqtt.external;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DynamicSecurityPluginTest {
    @TempDir
    Path folder;

    @Test
    void the_first_candidate_that_exists_is_taken() throws Exception {
        Path missing = folder.resolve("a").resolve(DynamicSecurityPlugin.FILE_NAME);
        Path present = Files.createFile(folder.resolve(DynamicSecurityPlugin.FILE_NAME));

        assertThat(DynamicSecurityPlugin.locate(List.of(missing, present))).contains(present);
    }

    @Test
    void none_is_found_when_no_candidate_exists() {
        assertThat(DynamicSecurityPlugin.locate(List.of(folder.resolve("none.so")))).isEmpty();
    }

    @Test
    void a_folder_is_no_plugin() {
        assertThat(DynamicSecurityPlugin.locate(List.of(folder))).isEmpty();
    }
}
