package io.edgeprov.contracts.codec;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.MessageType;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Encoding and decoding shared by both formats: Jackson's streaming API drives both, and only
 * the factory, the binary representation and the field order differ.
 */
abstract class StreamingDeviceCodec implements DeviceCodec {

    /** A parser over the payload, created with the contract's read constraints. */
    abstract JsonParser parser(byte[] payload) throws IOException;

    abstract JsonGenerator generator(ByteArrayOutputStream out) throws IOException;

    /** Checks format rules the parser cannot see (CBOR: definite lengths, tags); JSON has none. */
    abstract void checkStructure(byte[] payload);

    /** The entries in the order this format writes them. */
    abstract List<MessageSchema.Entry> order(List<MessageSchema.Entry> entries);

    abstract void writeBytes(JsonGenerator generator, byte[] value) throws IOException;

    /** Reads a binary field's value from the current token. */
    abstract byte[] readBytes(String field, JsonParser parser) throws IOException;

    @Override
    public final byte[] encode(DeviceMessage message) {
        Objects.requireNonNull(message, "message");
        List<MessageSchema.Entry> entries = order(MessageSchema.entries(message));
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = generator(out)) {
            g.writeStartObject(null, entries.size());
            for (MessageSchema.Entry e : entries) {
                g.writeFieldName(e.name());
                writeValue(g, e.value());
            }
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory failed", e);
        }
        return out.toByteArray();
    }

    private void writeValue(JsonGenerator g, Object value) throws IOException {
        if (value instanceof String s) {
            g.writeString(s);
        } else if (value instanceof byte[] b) {
            writeBytes(g, b);
        } else if (value instanceof Long n) {
            g.writeNumber(n.longValue());
        } else if (value instanceof List<?> list) {
            g.writeStartArray(null, list.size());
            for (Object item : list) {
                writeBytes(g, (byte[]) item);
            }
            g.writeEndArray();
        } else {
            throw new IllegalStateException("no wire form for " + value.getClass().getName());
        }
    }

    @Override
    public final DecodeResult<DeviceMessage> decode(MessageType type, byte[] payload) {
        Objects.requireNonNull(type, "type");
        if (payload == null) {
            return new DecodeResult.Malformed<>("$", WireProblem.MISSING, "no payload", Optional.empty());
        }
        if (payload.length > WireLimits.MESSAGE_MAX) {
            return new DecodeResult.Malformed<>("$", WireProblem.MESSAGE_TOO_LARGE,
                    payload.length + " bytes, at most " + WireLimits.MESSAGE_MAX, Optional.empty());
        }
        try {
            checkStructure(payload);
            MessageSchema.Values values = new TopLevelReader(this, MessageSchema.fields(type)).read(payload);
            return new DecodeResult.Decoded<>(MessageSchema.build(type, values));
        } catch (ContractViolation v) {
            return new DecodeResult.Malformed<>(v.field(), v.problem(), v.detail(),
                    TopLevelReader.peekClientToken(this, payload));
        }
    }

    private <T extends DeviceMessage> DecodeResult<T> decodeAs(MessageType type, Class<T> cls, byte[] payload) {
        DecodeResult<DeviceMessage> result = decode(type, payload);
        if (result instanceof DecodeResult.Malformed<DeviceMessage> m) {
            return m.retype();
        }
        return new DecodeResult.Decoded<>(cls.cast(result.decoded().orElseThrow()));
    }

    @Override
    public final DecodeResult<AttestationBegin> decodeAttestationBegin(byte[] payload) {
        return decodeAs(MessageType.ATTESTATION_BEGIN, AttestationBegin.class, payload);
    }

    @Override
    public final DecodeResult<Challenge> decodeChallenge(byte[] payload) {
        return decodeAs(MessageType.CHALLENGE, Challenge.class, payload);
    }

    @Override
    public final DecodeResult<AttestationFinish> decodeAttestationFinish(byte[] payload) {
        return decodeAs(MessageType.ATTESTATION_FINISH, AttestationFinish.class, payload);
    }

    @Override
    public final DecodeResult<CredentialBundle> decodeCredentialBundle(byte[] payload) {
        return decodeAs(MessageType.CREDENTIAL_BUNDLE, CredentialBundle.class, payload);
    }

    @Override
    public final DecodeResult<RenewRequest> decodeRenewRequest(byte[] payload) {
        return decodeAs(MessageType.RENEW_REQUEST, RenewRequest.class, payload);
    }

    @Override
    public final DecodeResult<RevocationNotice> decodeRevocationNotice(byte[] payload) {
        return decodeAs(MessageType.REVOCATION_NOTICE, RevocationNotice.class, payload);
    }

    @Override
    public final DecodeResult<Rejection> decodeRejection(byte[] payload) {
        return decodeAs(MessageType.REJECTION, Rejection.class, payload);
    }
}
