package io.edgeprov.contracts.codec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.ContractViolation;
import io.edgeprov.contracts.device.WireLimits;
import io.edgeprov.contracts.device.WireProblem;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads one message's top-level object token by token: known fields by their kind, unknown
 * fields skipped (counted, depth-checked, duplicate-checked), then nothing may follow. One
 * instance per payload; it remembers which field it is in so every refusal can name it.
 */
final class TopLevelReader {

    private final StreamingDeviceCodec codec;
    private final List<MessageSchema.FieldSpec> specs;
    private final Map<String, MessageSchema.FieldSpec> known = new HashMap<>();
    private String current = "$";
    private String lastField = "";
    private JsonParser parser;
    private boolean closed;

    TopLevelReader(StreamingDeviceCodec codec, List<MessageSchema.FieldSpec> specs) {
        this.codec = codec;
        this.specs = specs;
        specs.forEach(s -> known.put(s.name(), s));
    }

    MessageSchema.Values read(byte[] payload) {
        try (JsonParser p = codec.parser(payload)) {
            parser = p;
            return readObject(p);
        } catch (ContractViolation v) {
            throw v;
        } catch (StreamConstraintsException e) {
            throw constraint(e);
        } catch (IOException | RuntimeException e) {
            // Hostile bytes can make a parser fail with a runtime exception as well as an
            // IOException; either way the device gets a refusal, never a crash. Jackson's own
            // message may quote the input, so only the position is kept.
            if (closed) {
                throw new ContractViolation("$", WireProblem.TRAILING_DATA, "data after the top-level object" + at(e));
            }
            throw new ContractViolation(fieldAtFailure(), WireProblem.SYNTAX, "not well-formed" + at(e));
        }
    }

    /**
     * Best effort, for refused payloads only: finds a valid top-level {@code clientToken} so the
     * rejection can still be correlated. Any problem on the way simply means there is none.
     */
    static Optional<ClientToken> peekClientToken(StreamingDeviceCodec codec, byte[] payload) {
        try (JsonParser p = codec.parser(payload)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                boolean isToken = "clientToken".equals(p.currentName());
                JsonToken value = p.nextToken();
                if (isToken) {
                    return value == JsonToken.VALUE_STRING && isValidClientToken(p.getText())
                            ? Optional.of(new ClientToken(p.getText())) : Optional.empty();
                }
                p.skipChildren();
            }
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private MessageSchema.Values readObject(JsonParser p) throws IOException {
        JsonToken t = p.nextToken();
        if (t == null) {
            throw new ContractViolation("$", WireProblem.SYNTAX, "empty payload");
        }
        if (t != JsonToken.START_OBJECT) {
            throw new ContractViolation("$", WireProblem.NOT_AN_OBJECT, "top-level item is " + describe(t));
        }
        Map<String, Object> values = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int unknown = 0;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            checkName(name);
            if (!seen.add(name)) {
                throw new ContractViolation(printable(name), WireProblem.DUPLICATE_FIELD, "key appears more than once");
            }
            current = printable(name);
            JsonToken value = p.nextToken();
            MessageSchema.FieldSpec spec = known.get(name);
            if (spec == null) {
                if (++unknown > WireLimits.MAX_UNKNOWN_FIELDS) {
                    throw new ContractViolation("$", WireProblem.TOO_MANY_UNKNOWN_FIELDS,
                            "more than " + WireLimits.MAX_UNKNOWN_FIELDS + " unknown fields");
                }
                skip(p, value);
            } else {
                values.put(name, readKnown(p, value, spec));
            }
            lastField = name;
            current = "$";
        }
        if (t != JsonToken.END_OBJECT) {
            throw new ContractViolation("$", WireProblem.SYNTAX, "object not closed");
        }
        closed = true;
        if (p.nextToken() != null) {
            throw new ContractViolation("$", WireProblem.TRAILING_DATA, "another item follows the top-level object");
        }
        for (MessageSchema.FieldSpec spec : specs) {
            if (spec.required() && !values.containsKey(spec.name())) {
                throw new ContractViolation(spec.name(), WireProblem.MISSING, "required field is absent");
            }
        }
        return new MessageSchema.Values(values);
    }

    private Object readKnown(JsonParser p, JsonToken t, MessageSchema.FieldSpec spec) throws IOException {
        String name = spec.name();
        if (t == JsonToken.VALUE_NULL) {
            throw new ContractViolation(name, WireProblem.NULL_VALUE, "null is not allowed; omit optional fields");
        }
        switch (spec.kind()) {
            case TEXT:
                if (t != JsonToken.VALUE_STRING) {
                    throw wrongType(name, "text", t);
                }
                return p.getText();
            case BYTES:
                return codec.readBytes(name, p);
            case INT:
                return readInteger(p, t, name);
            case BYTES_LIST:
                return readBytesList(p, t, name);
            default:
                throw new IllegalStateException("unhandled kind " + spec.kind());
        }
    }

    private static Long readInteger(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.VALUE_NUMBER_INT) {
            throw wrongType(name, "integer", t);
        }
        JsonParser.NumberType type = p.getNumberType();
        if (type == JsonParser.NumberType.BIG_INTEGER) {
            throw new ContractViolation(name, WireProblem.OUT_OF_RANGE, "does not fit a signed 64-bit integer");
        }
        return p.getLongValue();
    }

    private List<byte[]> readBytesList(JsonParser p, JsonToken t, String name) throws IOException {
        if (t != JsonToken.START_ARRAY) {
            throw wrongType(name, "array", t);
        }
        List<byte[]> out = new ArrayList<>();
        for (JsonToken item = p.nextToken(); item != JsonToken.END_ARRAY; item = p.nextToken()) {
            String entry = name + "[" + out.size() + "]";
            if (item == JsonToken.VALUE_NULL) {
                throw new ContractViolation(entry, WireProblem.NULL_VALUE, "null is not allowed in a list");
            }
            out.add(codec.readBytes(entry, p));
        }
        return out;
    }

    /** Skips an ignored value without building it, still enforcing depth, key and duplicate rules. */
    private void skip(JsonParser p, JsonToken first) throws IOException {
        if (!first.isStructStart()) {
            return;
        }
        Deque<Set<String>> open = new ArrayDeque<>();
        JsonToken t = first;
        while (true) {
            if (t == null) {
                throw new ContractViolation(current, WireProblem.SYNTAX, "truncated inside an ignored field");
            }
            if (t.isStructStart()) {
                // The top-level object is depth 1, so a value directly inside it starts at depth 2.
                if (open.size() + 2 > WireLimits.MAX_NESTING_DEPTH) {
                    throw new ContractViolation(current, WireProblem.NESTING_TOO_DEEP,
                            "nested deeper than " + WireLimits.MAX_NESTING_DEPTH + " levels");
                }
                open.push(t == JsonToken.START_OBJECT ? new HashSet<>() : Collections.emptySet());
            } else if (t.isStructEnd()) {
                open.pop();
                if (open.isEmpty()) {
                    return;
                }
            } else if (t == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                checkName(name);
                if (!open.peek().add(name)) {
                    throw new ContractViolation(current, WireProblem.DUPLICATE_FIELD,
                            "a nested object repeats a key");
                }
            }
            t = p.nextToken();
        }
    }

    private void checkName(String name) {
        if (name.length() > WireLimits.FIELD_NAME_MAX_CHARS) {
            throw new ContractViolation(current, WireProblem.FIELD_NAME_TOO_LONG,
                    "a key of " + name.length() + " characters, at most " + WireLimits.FIELD_NAME_MAX_CHARS);
        }
    }

    /**
     * Jackson parses a scalar value together with its key, so a failure inside the value can
     * surface before the reader has seen the key; the parser's context still knows it.
     */
    private String fieldAtFailure() {
        if (!"$".equals(current) || parser == null) {
            return current;
        }
        String name = parser.getParsingContext().getCurrentName();
        return name != null && !name.equals(lastField) && name.length() <= WireLimits.FIELD_NAME_MAX_CHARS
                ? printable(name) : "$";
    }

    private ContractViolation constraint(StreamConstraintsException e) {
        String field = fieldAtFailure();
        String message = String.valueOf(e.getOriginalMessage());
        if (message.contains("nesting")) {
            return new ContractViolation(field, WireProblem.NESTING_TOO_DEEP,
                    "nested deeper than " + WireLimits.MAX_NESTING_DEPTH + " levels");
        }
        if (message.startsWith("Number")) {
            return new ContractViolation(field, WireProblem.OUT_OF_RANGE, "number has too many digits");
        }
        return new ContractViolation(field, WireProblem.TOO_LONG, "a token exceeds the parser limits");
    }

    static ContractViolation wrongType(String field, String expected, JsonToken found) {
        return new ContractViolation(field, WireProblem.WRONG_TYPE, "expected " + expected + ", found " + describe(found));
    }

    static String describe(JsonToken t) {
        switch (t) {
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            case VALUE_STRING:
                return "text";
            case VALUE_EMBEDDED_OBJECT:
                return "a byte string";
            case VALUE_NUMBER_INT:
                return "an integer";
            case VALUE_NUMBER_FLOAT:
                return "a floating-point number";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            default:
                return t.name();
        }
    }

    /** Keys from the wire become field names in refusals only if they are plain identifiers. */
    private static String printable(String name) {
        if (name.isEmpty()) {
            return "$";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '_' || c == '-'
                    || c == '.')) {
                return "$";
            }
        }
        return name;
    }

    private static boolean isValidClientToken(String text) {
        try {
            return !new ClientToken(text).isNone();
        } catch (ContractViolation e) {
            return false;
        }
    }

    private static String at(Exception e) {
        if (e instanceof JsonProcessingException jpe && jpe.getLocation() != null) {
            JsonLocation loc = jpe.getLocation();
            long offset = loc.getByteOffset() >= 0 ? loc.getByteOffset() : loc.getCharOffset();
            if (offset >= 0) {
                return " near byte " + offset;
            }
        }
        return "";
    }
}
