package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.WireProblem;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Runs every case of src/test/resources/malformed/INDEX through its codec. */
class MalformedCorpusTest {

    record Case(String file, MessageType type, String field, WireProblem problem) {
        @Override
        public String toString() {
            return file + " -> " + field + " " + problem;
        }
    }

    static List<Case> cases() {
        return readIndex().stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.split(" "))
                .map(p -> new Case(p[0], typeByFileName(p[1]), p[2], WireProblem.valueOf(p[3])))
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void malformed_input_is_refused_naming_field_and_problem(Case c) {
        DeviceCodec codec = c.file().startsWith("json/") ? new JsonDeviceCodec() : new CborDeviceCodec();

        DecodeResult<DeviceMessage> result = codec.decode(c.type(), resource(c.file()));

        assertThat(result.malformed()).as(c.file()).isPresent();
        DecodeResult.Malformed<DeviceMessage> m = result.malformed().orElseThrow();
        assertThat(m.field() + " " + m.problem()).as(c.file() + ": " + m.detail()).isEqualTo(c.field() + " " + c.problem());
    }

    @Test
    void corpus_holds_at_least_25_cases_in_each_format() {
        List<Case> all = cases();

        assertThat(all.stream().filter(c -> c.file().startsWith("json/"))).hasSizeGreaterThanOrEqualTo(25);
        assertThat(all.stream().filter(c -> c.file().startsWith("cbor/"))).hasSizeGreaterThanOrEqualTo(25);
    }

    @Test
    void every_corpus_file_is_listed_in_the_index() throws IOException, URISyntaxException {
        Path root = Path.of(MalformedCorpusTest.class.getResource("/malformed/INDEX").toURI()).getParent();
        Set<String> listed = cases().stream().map(Case::file).collect(Collectors.toSet());

        try (Stream<Path> files = Files.walk(root)) {
            List<String> onDisk = files.filter(Files::isRegularFile)
                    .map(p -> root.relativize(p).toString().replace('\\', '/'))
                    .filter(name -> !name.equals("INDEX"))
                    .toList();
            assertThat(listed).containsExactlyInAnyOrderElementsOf(onDisk);
        }
    }

    private static MessageType typeByFileName(String name) {
        return Arrays.stream(MessageType.values()).filter(t -> t.fileName().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("INDEX names unknown message type " + name));
    }

    private static List<String> readIndex() {
        return new String(resource("INDEX"), StandardCharsets.UTF_8).lines().toList();
    }

    static byte[] resource(String name) {
        try (InputStream in = MalformedCorpusTest.class.getResourceAsStream("/malformed/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource malformed/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
