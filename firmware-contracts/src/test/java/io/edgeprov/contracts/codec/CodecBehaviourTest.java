package io.edgeprov.contracts.codec;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Codec rules beyond the golden vectors and the malformed corpus. */
class CodecBehaviourTest {

    private final JsonDeviceCodec json = new JsonDeviceCodec();
    private final CborDeviceCodec cbor = new CborDeviceCodec();

    static Stream<DeviceCodec> codecs() {
        return Stream.of(new JsonDeviceCodec(), new CborDeviceCodec());
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void payload_over_the_size_cap_is_refused_before_parsing(DeviceCodec codec) {
        byte[] oversized = new byte[WireLimits.MESSAGE_MAX + 1];

        DecodeResult.Malformed<DeviceMessage> m = malformed(codec.decode(MessageType.CHALLENGE, oversized));

        assertThat(m.field()).isEqualTo("$");
        assertThat(m.problem()).isEqualTo(WireProblem.MESSAGE_TOO_LARGE);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void missing_payload_is_refused(DeviceCodec codec) {
        assertThat(malformed(codec.decode(MessageType.CHALLENGE, null)).problem()).isEqualTo(WireProblem.MISSING);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void largest_valid_message_fits_under_the_cap_and_round_trips(DeviceCodec codec) {
        CredentialBundle largest = givenLargestCredentialBundle();

        byte[] encoded = codec.encode(largest);

        assertThat(encoded.length).isLessThanOrEqualTo(WireLimits.MESSAGE_MAX);
        assertThat(codec.decodeCredentialBundle(encoded).decoded()).contains(largest);
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void typed_decoder_returns_the_typed_message(DeviceCodec codec) {
        Challenge example = (Challenge) ExampleMessages.all().get("challenge");

        Optional<Challenge> decoded = codec.decodeChallenge(codec.encode(example)).decoded();

        assertThat(decoded).contains(example);
    }

    @Test
    void refusal_carries_the_client_token_when_it_is_readable() {
        String payload = "{\"clientToken\":\"c7Tq-0001\",\"ekPublic\":\"AA==\",\"akPublic\":\"AwQF\"}";

        DecodeResult.Malformed<AttestationBegin> m = malformed(json.decodeAttestationBegin(utf8(payload)));

        assertThat(m.clientToken()).contains(ExampleMessages.TOKEN);
    }

    @Test
    void cbor_refusal_carries_the_client_token_even_when_an_earlier_key_failed() {
        byte[] finish = cbor.encode(ExampleMessages.all().get("attestation-finish"));
        // Deterministic order puts "csr" first; turning its byte string (0x54) into a text string
        // (0x74) makes it invalid UTF-8, a refusal found long before "clientToken" is reached.
        assertThat(finish[1]).isEqualTo((byte) 0x63);
        finish[5] = 0x74;

        DecodeResult.Malformed<DeviceMessage> m = malformed(cbor.decode(MessageType.ATTESTATION_FINISH, finish));

        assertThat(m.field() + " " + m.problem()).isEqualTo("csr SYNTAX");
        assertThat(m.clientToken()).contains(ExampleMessages.TOKEN);
    }

    @Test
    void refusal_of_an_invalid_client_token_carries_none() {
        String payload = "{\"clientToken\":\"a/b\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\"}";

        assertThat(malformed(json.decodeAttestationBegin(utf8(payload))).clientToken()).isEmpty();
    }

    @ParameterizedTest
    @MethodSource("codecs")
    void a_request_with_the_empty_client_token_is_refused_as_empty(DeviceCodec codec) {
        AttestationBegin begin = (AttestationBegin) ExampleMessages.all().get("attestation-begin");
        byte[] payload = codec.encode(new io.edgeprov.contracts.device.Rejection(io.edgeprov.contracts.device.ClientToken.NONE,
                io.edgeprov.contracts.device.WireErrorCode.MALFORMED_MESSAGE, "x"));
        String text = "{\"clientToken\":\"\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\"}";

        DecodeResult.Malformed<AttestationBegin> refused = malformed(json.decodeAttestationBegin(utf8(text)));

        assertThat(refused.field()).isEqualTo("clientToken");
        assertThat(refused.problem()).isEqualTo(WireProblem.EMPTY);
        assertThat(refused.clientToken()).isEmpty();
        assertThat(codec.decodeRejection(payload).decoded()).map(r -> r.clientToken().isNone()).contains(true);
        assertThat(begin.clientToken().isNone()).isFalse();
    }

    @Test
    void refusal_of_unparseable_bytes_carries_no_client_token() {
        assertThat(malformed(json.decodeAttestationBegin(utf8("{\"clientToken\":"))).clientToken()).isEmpty();
    }

    @Test
    void json_unknown_fields_are_ignored() {
        String payload = "{\"clientToken\":\"c7Tq-0001\",\"firmwareVersion\":\"2.1\",\"ekPublic\":\"AAEC\","
                + "\"extras\":{\"a\":[1,2,{\"b\":null}],\"c\":true},\"akPublic\":\"AwQF\",\"n\":1.5}";

        Optional<AttestationBegin> decoded = json.decodeAttestationBegin(utf8(payload)).decoded();

        assertThat(decoded).contains(new AttestationBegin(ExampleMessages.TOKEN, new byte[] {0, 1, 2},
                Optional.empty(), new byte[] {3, 4, 5}));
    }

    @Test
    void cbor_unknown_fields_are_ignored() throws IOException {
        AttestationBegin example = (AttestationBegin) ExampleMessages.all().get("attestation-begin");
        byte[] golden = cbor.encode(example);
        // Raise the map's entry count by one and append "x": [1.5, {"y": null}].
        byte[] extra = {0x61, 'x', (byte) 0x82, (byte) 0xf9, 0x3e, 0x00, (byte) 0xa1, 0x61, 'y', (byte) 0xf6};
        byte[] payload = new byte[golden.length + extra.length];
        System.arraycopy(golden, 0, payload, 0, golden.length);
        System.arraycopy(extra, 0, payload, golden.length, extra.length);
        payload[0] = (byte) (golden[0] + 1);

        assertThat(cbor.decodeAttestationBegin(payload).decoded()).contains(example);
    }

    @Test
    void json_nesting_at_the_depth_limit_is_accepted() {
        assertThat(json.decodeAttestationBegin(givenJsonBeginWithUnknownArrays(WireLimits.MAX_NESTING_DEPTH - 1))
                .decoded()).isPresent();
    }

    @Test
    void json_nesting_one_beyond_the_depth_limit_is_refused() {
        DecodeResult.Malformed<AttestationBegin> m = malformed(json.decodeAttestationBegin(
                givenJsonBeginWithUnknownArrays(WireLimits.MAX_NESTING_DEPTH)));

        assertThat(m.field() + " " + m.problem()).isEqualTo("x NESTING_TOO_DEEP");
    }

    @Test
    void cbor_nesting_at_the_depth_limit_is_accepted() {
        assertThat(cbor.decodeAttestationBegin(givenCborBeginWithUnknownArrays(WireLimits.MAX_NESTING_DEPTH - 1))
                .decoded()).isPresent();
    }

    @Test
    void cbor_nesting_one_beyond_the_depth_limit_is_refused() {
        DecodeResult.Malformed<AttestationBegin> m = malformed(cbor.decodeAttestationBegin(
                givenCborBeginWithUnknownArrays(WireLimits.MAX_NESTING_DEPTH)));

        assertThat(m.field() + " " + m.problem()).isEqualTo("x NESTING_TOO_DEEP");
    }

    @Test
    void sixteen_unknown_fields_are_tolerated() {
        StringBuilder payload = new StringBuilder("{\"clientToken\":\"t\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\"");
        for (int i = 0; i < WireLimits.MAX_UNKNOWN_FIELDS; i++) {
            payload.append(",\"u").append(i).append("\":").append(i);
        }

        assertThat(json.decodeAttestationBegin(utf8(payload.append('}').toString())).decoded()).isPresent();
    }

    @Test
    void json_accepts_any_key_order_and_whitespace() {
        String payload = "{ \"akPublic\" : \"AwQF\" ,\n  \"ekPublic\":\"AAEC\", \"clientToken\": \"c7Tq-0001\" }\n";

        assertThat(json.decodeAttestationBegin(utf8(payload)).decoded()).isPresent();
    }

    @Test
    void json_encoding_has_no_whitespace() {
        String encoded = new String(json.encode(ExampleMessages.all().get("credential-bundle")), StandardCharsets.UTF_8);

        assertThat(encoded).doesNotContain(" ", "\n", "\t").startsWith("{\"clientToken\":\"");
    }

    @Test
    void cbor_encoding_sorts_keys_shortest_first_then_bytewise() throws IOException {
        for (DeviceMessage example : ExampleMessages.all().values()) {
            List<String> keys = topLevelKeys(cbor.encode(example));

            List<String> sorted = new ArrayList<>(keys);
            sorted.sort((a, b) -> a.length() != b.length() ? a.length() - b.length() : a.compareTo(b));
            assertThat(keys).as(example.type().toString()).isEqualTo(sorted);
        }
    }

    @Test
    void cbor_encoding_passes_the_strict_structure_check() {
        CredentialBundle largest = givenLargestCredentialBundle();

        byte[] encoded = cbor.encode(largest);

        CborStructure.check(encoded);
        assertThat(encoded[0] & 0xff).as("definite-length map header").isEqualTo(0xa0 | 5);
    }

    @Test
    void refusal_detail_never_repeats_the_offending_value() {
        String payload = "{\"clientToken\":\"SeCrEt/vAlUe\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\"}";

        DecodeResult.Malformed<AttestationBegin> m = malformed(json.decodeAttestationBegin(utf8(payload)));

        assertThat(m.problem()).isEqualTo(WireProblem.BAD_FORMAT);
        assertThat(m.detail()).doesNotContain("SeCrEt", "vAlUe");
    }

    @Test
    void syntax_refusal_does_not_quote_the_input() {
        String payload = "{\"clientToken\":\"c7Tq-0001\",\"ekPublic\":SeCrEtToken}";

        DecodeResult.Malformed<AttestationBegin> m = malformed(json.decodeAttestationBegin(utf8(payload)));

        assertThat(m.problem()).isEqualTo(WireProblem.SYNTAX);
        assertThat(m.detail()).doesNotContain("SeCrEt");
    }

    @Test
    void payload_of_another_message_type_is_refused_by_its_first_missing_field() {
        byte[] challenge = json.encode(ExampleMessages.all().get("challenge"));

        DecodeResult.Malformed<AttestationBegin> m = malformed(json.decodeAttestationBegin(challenge));

        assertThat(m.field() + " " + m.problem()).isEqualTo("ekPublic MISSING");
    }

    @Test
    void sub_second_timestamps_are_encoded_as_whole_seconds() {
        Challenge withNanos = new Challenge(ExampleMessages.TOKEN, ExampleMessages.CHALLENGE_ID, new byte[] {1},
                new byte[] {2}, Instant.ofEpochSecond(1_767_225_900L, 999_000_000));

        Challenge decoded = json.decodeChallenge(json.encode(withNanos)).decoded().orElseThrow();

        assertThat(decoded.expiresAt()).isEqualTo(Instant.ofEpochSecond(1_767_225_900L));
    }

    /** A valid begin plus an unknown field "x" holding {@code arrays} nested arrays around 1. */
    private static byte[] givenJsonBeginWithUnknownArrays(int arrays) {
        return utf8("{\"clientToken\":\"t\",\"ekPublic\":\"AAEC\",\"akPublic\":\"AwQF\",\"x\":"
                + "[".repeat(arrays) + "1" + "]".repeat(arrays) + "}");
    }

    private byte[] givenCborBeginWithUnknownArrays(int arrays) {
        byte[] golden = cbor.encode(ExampleMessages.all().get("attestation-begin"));
        byte[] payload = new byte[golden.length + 2 + arrays + 1];
        System.arraycopy(golden, 0, payload, 0, golden.length);
        payload[0] = (byte) (golden[0] + 1);
        payload[golden.length] = 0x61;
        payload[golden.length + 1] = 'x';
        for (int i = 0; i < arrays; i++) {
            payload[golden.length + 2 + i] = (byte) 0x81;
        }
        payload[payload.length - 1] = 0x01;
        return payload;
    }

    private static CredentialBundle givenLargestCredentialBundle() {
        byte[] maxCert = ExampleMessages.dummy(0x01, WireLimits.CERTIFICATE_MAX);
        List<byte[]> chain = Collections.nCopies(WireLimits.CHAIN_MAX_ENTRIES, maxCert);
        return new CredentialBundle(new io.edgeprov.contracts.device.ClientToken("t".repeat(WireLimits.ID_MAX_CHARS)),
                maxCert, chain, Instant.ofEpochSecond(WireLimits.MAX_EPOCH_SECOND),
                Instant.ofEpochSecond(WireLimits.MAX_EPOCH_SECOND));
    }

    private static List<String> topLevelKeys(byte[] encoded) throws IOException {
        List<String> keys = new ArrayList<>();
        try (JsonParser p = new CBORFactory().createParser(encoded)) {
            p.nextToken();
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                keys.add(p.currentName());
                p.nextToken();
                p.skipChildren();
            }
        }
        return keys;
    }

    private static <T> DecodeResult.Malformed<T> malformed(DecodeResult<T> result) {
        assertThat(result.malformed()).as("expected a refusal").isPresent();
        return result.malformed().orElseThrow();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
