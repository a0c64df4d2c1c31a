package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The optional {@code deviceId} of attestation begin and finish (required on CoAP, optional on
 * MQTT; the codecs accept both and leave the transport rule to the gateway).
 */
class DeviceIdFieldTest {

    /** A codec and how to add one raw entry to a payload it encoded. */
    enum Wire {
        JSON(new JsonDeviceCodec()) {
            @Override
            byte[] withEntry(byte[] encoded, String key, Value value) {
                String object = new String(encoded, StandardCharsets.UTF_8);
                return (object.substring(0, object.length() - 1) + ",\"" + key + "\":" + value.json() + "}")
                        .getBytes(StandardCharsets.UTF_8);
            }
        },
        CBOR(new CborDeviceCodec()) {
            @Override
            byte[] withEntry(byte[] encoded, String key, Value value) {
                // Our maps have under 23 entries, so the count sits in the header byte; input key order is free.
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write(encoded[0] + 1);
                out.write(encoded, 1, encoded.length - 1);
                out.writeBytes(Value.text(key).cbor());
                out.writeBytes(value.cbor());
                return out.toByteArray();
            }
        };

        final DeviceCodec codec;

        Wire(DeviceCodec codec) {
            this.codec = codec;
        }

        abstract byte[] withEntry(byte[] encoded, String key, Value value);
    }

    /** One wire value in both spellings. */
    record Value(String label, String json, byte[] cbor) {
        static Value text(String s) {
            byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
            byte[] header = utf8.length < 24 ? new byte[] {(byte) (0x60 | utf8.length)}
                    : new byte[] {0x78, (byte) utf8.length};
            byte[] cbor = Arrays.copyOf(header, header.length + utf8.length);
            System.arraycopy(utf8, 0, cbor, header.length, utf8.length);
            return new Value(s.length() > 8 ? s.length() + " chars" : "\"" + s + "\"", "\"" + s + "\"", cbor);
        }

        @Override
        public String toString() {
            return label;
        }
    }

    record BadId(Value value, WireProblem problem) {
        @Override
        public String toString() {
            return value + " -> " + problem;
        }
    }

    static Stream<Arguments> wiresAndMessages() {
        return Stream.of(Wire.values()).flatMap(w -> Stream.of("attestation-begin", "attestation-finish")
                .map(name -> Arguments.of(w, name)));
    }

    static Stream<Arguments> badIds() {
        List<BadId> bad = List.of(
                new BadId(Value.text(""), WireProblem.EMPTY),
                new BadId(Value.text("d".repeat(WireLimits.ID_MAX_CHARS + 1)), WireProblem.TOO_LONG),
                new BadId(Value.text("a/b"), WireProblem.BAD_FORMAT),
                new BadId(Value.text("sensor#1"), WireProblem.BAD_FORMAT),
                new BadId(Value.text(DeviceId.RESERVED_CA), WireProblem.RESERVED),
                new BadId(new Value("42", "42", new byte[] {0x18, 0x2a}), WireProblem.WRONG_TYPE),
                new BadId(new Value("object", "{\"id\":\"a\"}", new byte[] {(byte) 0xa1, 0x62, 'i', 'd', 0x61, 'a'}),
                        WireProblem.WRONG_TYPE),
                new BadId(new Value("null", "null", new byte[] {(byte) 0xf6}), WireProblem.NULL_VALUE));
        return wiresAndMessages().flatMap(a -> bad.stream().map(b -> Arguments.of(a.get()[0], a.get()[1], b)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void message_with_device_id_round_trips(Wire wire, String name) {
        DeviceMessage coap = ExampleMessages.all().get(name + "-coap");

        assertThat(wire.codec.decode(coap.type(), wire.codec.encode(coap)).decoded()).contains(coap);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void message_without_device_id_round_trips(Wire wire, String name) {
        DeviceMessage mqtt = ExampleMessages.all().get(name);

        assertThat(wire.codec.decode(mqtt.type(), wire.codec.encode(mqtt)).decoded()).contains(mqtt);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void absent_device_id_encodes_to_the_bytes_from_before_the_field_existed(Wire wire, String name) {
        DeviceMessage withoutId = withoutDeviceId(ExampleMessages.all().get(name + "-coap"));

        assertThat(wire.codec.encode(withoutId)).isEqualTo(committedGolden(name, wire));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void longest_device_id_round_trips(Wire wire, String name) {
        DeviceMessage message = withDeviceId(ExampleMessages.all().get(name),
                new DeviceId("d".repeat(WireLimits.ID_MAX_CHARS)));

        assertThat(wire.codec.decode(message.type(), wire.codec.encode(message)).decoded()).contains(message);
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("badIds")
    void bad_device_id_is_refused_naming_the_field_and_problem(Wire wire, String name, BadId bad) {
        DecodeResult.Malformed<DeviceMessage> m = decodeWithDeviceId(wire, name, bad.value());

        assertThat(m.field() + " " + m.problem()).as(m.detail()).isEqualTo("deviceId " + bad.problem());
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void bad_device_id_refusal_carries_the_client_token(Wire wire, String name) {
        DecodeResult.Malformed<DeviceMessage> m = decodeWithDeviceId(wire, name, Value.text("a/b"));

        assertThat(m.clientToken()).contains(ExampleMessages.TOKEN);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void bad_device_id_refusal_does_not_repeat_the_value(Wire wire, String name) {
        DecodeResult.Malformed<DeviceMessage> m = decodeWithDeviceId(wire, name, Value.text("SeCrEt/vAlUe"));

        assertThat(m.detail()).doesNotContain("SeCrEt", "vAlUe");
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("wiresAndMessages")
    void device_id_given_twice_is_refused(Wire wire, String name) {
        DeviceMessage coap = ExampleMessages.all().get(name + "-coap");
        byte[] payload = wire.withEntry(wire.codec.encode(coap), "deviceId", Value.text("sensor-0043"));

        DecodeResult<DeviceMessage> result = wire.codec.decode(coap.type(), payload);

        assertThat(result.malformed()).get().extracting(m -> m.field() + " " + m.problem())
                .isEqualTo("deviceId DUPLICATE_FIELD");
    }

    private static DecodeResult.Malformed<DeviceMessage> decodeWithDeviceId(Wire wire, String name, Value value) {
        DeviceMessage mqtt = ExampleMessages.all().get(name);
        byte[] payload = wire.withEntry(wire.codec.encode(mqtt), "deviceId", value);

        DecodeResult<DeviceMessage> result = wire.codec.decode(mqtt.type(), payload);

        assertThat(result.malformed()).as("expected a refusal").isPresent();
        return result.malformed().orElseThrow();
    }

    private static DeviceMessage withoutDeviceId(DeviceMessage message) {
        if (message instanceof AttestationBegin b) {
            return new AttestationBegin(b.clientToken(), b.ekPublic(), b.ekCertificate(), b.akPublic());
        }
        AttestationFinish f = (AttestationFinish) message;
        return new AttestationFinish(f.clientToken(), f.challengeId(), f.secretProof(), f.certifyInfo(),
                f.certifySignature(), f.deviceKeyPublic(), f.csr());
    }

    private static DeviceMessage withDeviceId(DeviceMessage message, DeviceId id) {
        if (message instanceof AttestationBegin b) {
            return new AttestationBegin(b.clientToken(), b.ekPublic(), b.ekCertificate(), b.akPublic(),
                    Optional.of(id));
        }
        AttestationFinish f = (AttestationFinish) message;
        return new AttestationFinish(f.clientToken(), f.challengeId(), f.secretProof(), f.certifyInfo(),
                f.certifySignature(), f.deviceKeyPublic(), f.csr(), Optional.of(id));
    }

    /** The golden file committed before {@code deviceId} existed, for the format of {@code wire}. */
    private static byte[] committedGolden(String name, Wire wire) {
        return GoldenVectorTest.golden(name + (wire == Wire.JSON ? ".json" : ".cbor"));
    }
}
