package io.edgeprov.contracts.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The CoAP encoding: CBOR (RFC 8949) in core deterministic encoding (section 4.2.1): definite
 * lengths only, shortest-form integers and lengths, map keys sorted by their encoded bytes
 * (shorter key first, then bytewise). Binary fields are byte strings, text fields text strings,
 * timestamps unsigned integers. Decoding accepts any key order, but no indefinite lengths,
 * tags, non-text keys or non-shortest lengths.
 */
public final class CborDeviceCodec extends StreamingDeviceCodec {

    /** Keys are ASCII, so length then code units equals the bytewise order of their CBOR encodings. */
    private static final Comparator<MessageSchema.Entry> DETERMINISTIC_KEY_ORDER =
            Comparator.comparingInt((MessageSchema.Entry e) -> e.name().length()).thenComparing(MessageSchema.Entry::name);

    private final CBORFactory factory;

    public CborDeviceCodec() {
        this.factory = CBORFactory.builder()
                .streamReadConstraints(JsonDeviceCodec.readConstraints())
                .enable(CBORGenerator.Feature.WRITE_MINIMAL_INTS)
                .disable(CBORGenerator.Feature.WRITE_TYPE_HEADER)
                .disable(CBORGenerator.Feature.STRINGREF)
                .build();
    }

    @Override
    JsonParser parser(byte[] payload) throws IOException {
        return factory.createParser(payload);
    }

    @Override
    JsonGenerator generator(ByteArrayOutputStream out) throws IOException {
        return factory.createGenerator(out);
    }

    @Override
    void checkStructure(byte[] payload) {
        CborStructure.check(payload);
    }

    @Override
    List<MessageSchema.Entry> order(List<MessageSchema.Entry> entries) {
        return entries.stream().sorted(DETERMINISTIC_KEY_ORDER).toList();
    }

    @Override
    void writeBytes(JsonGenerator generator, byte[] value) throws IOException {
        generator.writeBinary(value);
    }

    @Override
    byte[] readBytes(String field, JsonParser parser) throws IOException {
        JsonToken t = parser.currentToken();
        if (t != JsonToken.VALUE_EMBEDDED_OBJECT) {
            throw TopLevelReader.wrongType(field, "a byte string", t);
        }
        return parser.getBinaryValue();
    }
}
