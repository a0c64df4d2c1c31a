package io.edgeprov.contracts.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed admin golden vectors are exactly what the codec produces and accepts. */
class AdminGoldenVectorTest {
    private final AdminCodec codec = new AdminCodec();

    static Stream<String> examples() {
        return AdminExamples.all().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void encoding_of_the_example_equals_the_golden_file(String name) {
        assertThat(new String(codec.encode(AdminExamples.all().get(name)))).isEqualTo(new String(golden(name + ".json")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void golden_file_decodes_to_the_example(String name) {
        Record example = AdminExamples.all().get(name);
        byte[] bytes = golden(name + ".json");

        Object decoded;
        if (example instanceof AdminRequest request) {
            decoded = codec.decodeRequest(AdminCommand.of(request), bytes).decoded().orElseThrow();
        } else if (example instanceof AdminReply) {
            AdminCommand command = Arrays.stream(AdminCommand.values()).filter(c -> c.replyType() == example.getClass())
                    .findFirst().orElseThrow();
            decoded = codec.decodeReply(command, bytes).decoded().orElseThrow();
        } else if (example instanceof AdminEvent) {
            decoded = codec.decodeEvent(bytes).decoded().orElseThrow();
        } else {
            decoded = codec.decodeRejection(bytes).decoded().orElseThrow();
        }
        assertThat(decoded).isEqualTo(example);
    }

    @Test
    void every_request_reply_and_event_type_has_a_golden_example() {
        Set<Class<?>> covered = AdminExamples.all().values().stream().map(Object::getClass).collect(Collectors.toSet());

        assertThat(covered).containsAll(Arrays.stream(AdminCommand.values()).map(AdminCommand::requestType).toList());
        assertThat(covered).containsAll(Arrays.stream(AdminCommand.values()).map(AdminCommand::replyType)
                .filter(t -> t != AdminReply.FleetPageReply.class || true).toList());
        assertThat(covered).containsAll(AdminEvent.KINDS);
        assertThat(covered).contains(AdminRejection.class);
        assertThat(AdminRequest.class.getPermittedSubclasses()).hasSize(AdminCommand.values().length);
    }

    @Test
    void writer_regenerates_files_identical_to_the_committed_ones(@TempDir Path dir) throws IOException {
        AdminGoldenVectorWriter.write(dir);

        try (Stream<Path> files = Files.list(dir)) {
            Map<String, byte[]> written = files.collect(Collectors.toMap(p -> p.getFileName().toString(), p -> {
                try {
                    return Files.readAllBytes(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }));
            assertThat(written).hasSize(AdminExamples.all().size());
            written.forEach((file, bytes) -> assertThat(bytes).as(file).isEqualTo(golden(file)));
        }
    }

    static byte[] golden(String file) {
        try (InputStream in = AdminGoldenVectorTest.class.getResourceAsStream("/admin-golden/" + file)) {
            assertThat(in).as("golden file " + file + " (regenerate with AdminGoldenVectorWriter)").isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
