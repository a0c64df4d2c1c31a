package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.CoapPaths;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The committed golden vectors are exactly what the codecs produce and accept. */
class GoldenVectorTest {

    private static final String COAP_SUFFIX = "-coap";

    private final JsonDeviceCodec json = new JsonDeviceCodec();
    private final CborDeviceCodec cbor = new CborDeviceCodec();

    static Stream<String> examples() {
        return ExampleMessages.all().keySet().stream();
    }

    /** The examples of what a CoAP device sends: an MQTT example plus its {@code deviceId}. */
    static Stream<String> coapExamples() {
        return examples().filter(name -> name.endsWith(COAP_SUFFIX));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void json_encoding_of_the_example_equals_the_golden_file(String name) {
        assertThat(json.encode(example(name))).isEqualTo(golden(name + ".json"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void golden_json_decodes_to_the_example(String name) {
        DeviceMessage example = example(name);

        assertThat(json.decode(example.type(), golden(name + ".json")).decoded()).contains(example);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void cbor_encoding_of_the_example_equals_the_golden_file(String name) {
        assertThat(cbor.encode(example(name))).isEqualTo(golden(name + ".cbor"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void golden_cbor_decodes_to_the_example(String name) {
        DeviceMessage example = example(name);

        assertThat(cbor.decode(example.type(), golden(name + ".cbor")).decoded()).contains(example);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void diagnostic_file_renders_the_golden_cbor(String name) {
        String diag = new String(golden(name + ".cbor.diag"), StandardCharsets.UTF_8);

        assertThat(diag).isEqualTo(CborDiagnostic.render(golden(name + ".cbor")));
    }

    @Test
    void every_message_type_has_a_golden_example() {
        Set<MessageType> covered = ExampleMessages.all().values().stream().map(DeviceMessage::type)
                .collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrder(MessageType.values());
    }

    @Test
    void every_coap_body_that_requires_the_device_id_has_a_golden_example_carrying_it() {
        Set<MessageType> required = CoapPaths.ALL.stream().filter(CoapPaths::requiresDeviceId)
                .map(path -> CoapPaths.requestBody(path).orElseThrow()).collect(Collectors.toSet());

        Set<MessageType> covered = ExampleMessages.all().values().stream().filter(GoldenVectorTest::carriesDeviceId)
                .map(DeviceMessage::type).collect(Collectors.toSet());

        assertThat(covered).containsExactlyInAnyOrderElementsOf(required);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("coapExamples")
    void coap_json_vector_is_the_mqtt_vector_with_the_device_id_appended(String name) {
        String mqtt = new String(golden(name.substring(0, name.length() - COAP_SUFFIX.length()) + ".json"),
                StandardCharsets.UTF_8);

        String coap = new String(golden(name + ".json"), StandardCharsets.UTF_8);

        assertThat(coap).isEqualTo(mqtt.substring(0, mqtt.length() - 1) + ",\"deviceId\":\""
                + ExampleMessages.DEVICE_ID.value() + "\"}");
    }

    @Test
    void writer_regenerates_files_identical_to_the_committed_ones(@TempDir Path dir) throws IOException {
        GoldenVectorWriter.write(dir);

        try (Stream<Path> files = Files.list(dir)) {
            Map<String, byte[]> written = files.collect(Collectors.toMap(p -> p.getFileName().toString(), GoldenVectorTest::read));
            assertThat(written).hasSize(ExampleMessages.all().size() * 3);
            written.forEach((file, bytes) -> assertThat(bytes).as(file).isEqualTo(golden(file)));
        }
    }

    private static DeviceMessage example(String name) {
        return ExampleMessages.all().get(name);
    }

    private static boolean carriesDeviceId(DeviceMessage message) {
        return message instanceof AttestationBegin b && b.deviceId().isPresent()
                || message instanceof AttestationFinish f && f.deviceId().isPresent();
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] golden(String file) {
        try (InputStream in = GoldenVectorTest.class.getResourceAsStream("/golden/" + file)) {
            if (in == null) {
                throw new IllegalStateException("missing golden file " + file
                        + "; regenerate as described in firmware-contracts/README.md");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
