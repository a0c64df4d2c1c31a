package io.edgeprov.contracts.codec;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.edgeprov.contracts.device.WireLimits;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;

/**
 * The MQTT encoding: compact UTF-8 JSON (RFC 8259), fields in the documented order, no
 * whitespace, binary fields as unpadded base64url strings, timestamps as integer epoch seconds.
 * Decoding accepts any key order and whitespace but only canonical base64url.
 */
public final class JsonDeviceCodec extends StreamingDeviceCodec {

    private final JsonFactory factory;

    public JsonDeviceCodec() {
        this.factory = JsonFactory.builder()
                .streamReadConstraints(readConstraints())
                .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
                .build();
    }

    /** Backstops for the parser; the reader enforces the contract's own, tighter rules first. */
    static StreamReadConstraints readConstraints() {
        return StreamReadConstraints.builder()
                .maxNestingDepth(WireLimits.MAX_NESTING_DEPTH + 1)
                .maxNumberLength(32)
                .maxStringLength(WireLimits.MESSAGE_MAX)
                .maxNameLength(WireLimits.MESSAGE_MAX)
                .maxDocumentLength(WireLimits.MESSAGE_MAX)
                .build();
    }

    @Override
    JsonParser parser(byte[] payload) throws IOException {
        return factory.createParser(payload);
    }

    @Override
    JsonGenerator generator(ByteArrayOutputStream out) throws IOException {
        return factory.createGenerator(out, JsonEncoding.UTF8);
    }

    @Override
    void checkStructure(byte[] payload) {
        // JSON has no structural rules beyond what the streaming reader checks.
    }

    @Override
    List<MessageSchema.Entry> order(List<MessageSchema.Entry> entries) {
        return entries;
    }

    @Override
    void writeBytes(JsonGenerator generator, byte[] value) throws IOException {
        generator.writeString(Base64Url.encode(value));
    }

    @Override
    byte[] readBytes(String field, JsonParser parser) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_STRING) {
            throw TopLevelReader.wrongType(field, "a base64url string", t);
        }
        return Base64Url.decode(field, parser.getText());
    }
}
