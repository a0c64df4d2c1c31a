package io.edgeprov.contracts.admin;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeprov.contracts.device.RevocationReason;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * JSON for the admin plane. Encoding is deterministic (fields in record order, absent values omitted, instants
 * as ISO-8601 UTC, enums by name, revocation reasons by RFC 5280 name). Decoding is strict and never throws for
 * bad input: a payload over {@link #MAX_MESSAGE_BYTES}, a syntax error, a duplicate, unknown, missing or null
 * field, a wrong type or a value a record refuses each give a {@link AdminDecodeResult.Malformed} naming the field
 * path and the {@link AdminProblem}. Immutable and thread-safe: share one.
 */
public final class AdminCodec {
    /** The largest admin payload either side accepts. */
    public static final int MAX_MESSAGE_BYTES = 2 * 1024 * 1024;
    private static final int MAX_NESTING = 16;
    private static final String EVENT_FIELD = "event";
    private static final Pattern INSTANT = Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?Z");
    private static final Map<String, Class<? extends AdminEvent>> EVENTS = Map.of(
            "devices-changed", AdminEvent.DevicesChanged.class,
            "stats", AdminEvent.StatsTick.class,
            "alert-raised", AdminEvent.AlertRaised.class,
            "alert-cleared", AdminEvent.AlertCleared.class);

    private final ObjectMapper mapper;

    public AdminCodec() {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_NESTING)
                        .maxStringLength(MAX_MESSAGE_BYTES).maxNumberLength(32).build())
                .enable(com.fasterxml.jackson.core.StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        this.mapper = new ObjectMapper(factory).enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
                .disable(JsonParser.Feature.ALLOW_COMMENTS);
    }

    // ---------------------------------------------------------------- encoding

    /** Encodes a request, reply, rejection or event. */
    public byte[] encode(Record message) {
        Objects.requireNonNull(message, "message");
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (message instanceof AdminEvent event) {
            node.put(EVENT_FIELD, event.wireName());
        }
        writeFields(message, node);
        try {
            return mapper.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new IllegalStateException("encoding a tree cannot fail", e);
        }
    }

    private static void writeFields(Record record, ObjectNode node) {
        for (RecordComponent component : record.getClass().getRecordComponents()) {
            Object value = read(component, record);
            if (value != null) {
                node.set(component.getName(), toNode(value));
            }
        }
    }

    private static JsonNode toNode(Object value) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (value instanceof String s) {
            return f.textNode(s);
        } else if (value instanceof Integer i) {
            return f.numberNode(i);
        } else if (value instanceof Long l) {
            return f.numberNode(l);
        } else if (value instanceof Boolean b) {
            return f.booleanNode(b);
        } else if (value instanceof Instant t) {
            return f.textNode(t.toString());
        } else if (value instanceof RevocationReason r) {
            return f.textNode(r.rfcName());
        } else if (value instanceof Enum<?> e) {
            return f.textNode(e.name());
        } else if (value instanceof List<?> list) {
            ArrayNode array = f.arrayNode();
            list.forEach(item -> array.add(toNode(item)));
            return array;
        } else if (value instanceof Record r) {
            ObjectNode nested = f.objectNode();
            writeFields(r, nested);
            return nested;
        }
        throw new IllegalArgumentException("no wire form for " + value.getClass().getSimpleName());
    }

    private static Object read(RecordComponent component, Record record) {
        try {
            return component.getAccessor().invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("record accessor " + component.getName(), e);
        }
    }

    // ---------------------------------------------------------------- decoding

    /** Decodes the request a topic's command names. */
    public AdminDecodeResult<AdminRequest> decodeRequest(AdminCommand command, byte[] payload) {
        return decodeAny(command.requestType(), payload).map(AdminRequest.class::cast);
    }

    /** Decodes the reply on a command's {@code accepted} topic. */
    public AdminDecodeResult<AdminReply> decodeReply(AdminCommand command, byte[] payload) {
        return decodeAny(command.replyType(), payload).map(AdminReply.class::cast);
    }

    /** Decodes the payload of a {@code rejected} topic. */
    public AdminDecodeResult<AdminRejection> decodeRejection(byte[] payload) {
        return decode(AdminRejection.class, payload).map(AdminRejection.class::cast);
    }

    /** Decodes the payload of the {@code events} topic. */
    public AdminDecodeResult<AdminEvent> decodeEvent(byte[] payload) {
        Parsed parsed = parse(payload);
        if (parsed.failure != null) {
            return parsed.failure.retype();
        }
        JsonNode kind = parsed.root.get(EVENT_FIELD);
        if (kind == null) {
            return malformed(EVENT_FIELD, AdminProblem.MISSING, "every event names its kind", Optional.empty());
        }
        if (!kind.isTextual()) {
            return malformed(EVENT_FIELD, AdminProblem.WRONG_TYPE, "expected text", Optional.empty());
        }
        Class<? extends AdminEvent> type = EVENTS.get(kind.textValue());
        if (type == null) {
            return malformed(EVENT_FIELD, AdminProblem.UNKNOWN_VALUE, "one of " + EVENTS.keySet().stream().sorted().toList(),
                    Optional.empty());
        }
        ObjectNode rest = parsed.root.deepCopy();
        rest.remove(EVENT_FIELD);
        return decodeObject(type, rest, Optional.empty()).map(AdminEvent.class::cast);
    }

    /** Decodes any admin record type from its JSON. */
    public <T extends Record> AdminDecodeResult<T> decode(Class<T> type, byte[] payload) {
        return decodeAny(type, payload).map(type::cast);
    }

    private AdminDecodeResult<Object> decodeAny(Class<?> type, byte[] payload) {
        Parsed parsed = parse(payload);
        if (parsed.failure != null) {
            return parsed.failure.retype();
        }
        JsonNode id = parsed.root.get("requestId");
        Optional<String> requestId = id != null && id.isTextual() && Check.REQUEST_ID.matcher(id.textValue()).matches()
                ? Optional.of(id.textValue()) : Optional.empty();
        return decodeObject(type, parsed.root, requestId).map(Object.class::cast);
    }

    private <T> AdminDecodeResult<T> decodeObject(Class<T> type, ObjectNode root, Optional<String> requestId) {
        try {
            return new AdminDecodeResult.Decoded<>(type.cast(toRecord(type, root, "")));
        } catch (Refusal r) {
            return malformed(r.field, r.problem, r.detail, requestId);
        }
    }

    private record Parsed(ObjectNode root, Failure failure) {
    }

    /** A parse failure before any record type is known. */
    private record Failure(String field, AdminProblem problem, String detail) {
        <T> AdminDecodeResult<T> retype() {
            return new AdminDecodeResult.Malformed<>(field, problem, detail, Optional.empty());
        }
    }

    private Parsed parse(byte[] payload) {
        if (payload == null || payload.length == 0) {
            return new Parsed(null, new Failure("$", AdminProblem.SYNTAX, "empty payload"));
        }
        if (payload.length > MAX_MESSAGE_BYTES) {
            return new Parsed(null, new Failure("$", AdminProblem.MESSAGE_TOO_LARGE,
                    payload.length + " bytes, at most " + MAX_MESSAGE_BYTES));
        }
        JsonNode root;
        try {
            root = mapper.readTree(payload);
        } catch (StreamConstraintsException e) {
            boolean nesting = e.getOriginalMessage().toLowerCase(java.util.Locale.ROOT).contains("nesting");
            return new Parsed(null, new Failure("$", nesting ? AdminProblem.NESTING_TOO_DEEP : AdminProblem.MESSAGE_TOO_LARGE,
                    nesting ? "deeper than " + MAX_NESTING + " levels" : "a value exceeds the reader's limits"));
        } catch (JsonParseException e) {
            String message = e.getOriginalMessage();
            if (message.startsWith("Duplicate field")) {
                return new Parsed(null, new Failure(fieldFromDuplicate(message), AdminProblem.DUPLICATE_FIELD,
                        "the key appears twice"));
            }
            return new Parsed(null, new Failure("$", AdminProblem.SYNTAX, "not well-formed JSON at offset "
                    + e.getLocation().getCharOffset()));
        } catch (com.fasterxml.jackson.databind.exc.MismatchedInputException e) {
            return new Parsed(null, new Failure("$", AdminProblem.TRAILING_DATA, "tokens follow the top-level object"));
        } catch (IOException e) {
            return new Parsed(null, new Failure("$", AdminProblem.SYNTAX, "not readable as JSON"));
        }
        if (root == null || root.isMissingNode()) {
            return new Parsed(null, new Failure("$", AdminProblem.SYNTAX, "no JSON value"));
        }
        if (!(root instanceof ObjectNode object)) {
            return new Parsed(null, new Failure("$", AdminProblem.NOT_AN_OBJECT, "the message is a JSON "
                    + root.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
        }
        return new Parsed(object, null);
    }

    private static String fieldFromDuplicate(String message) {
        int start = message.indexOf('\'');
        int end = message.indexOf('\'', start + 1);
        if (start < 0 || end <= start || end - start > 65) {
            return "$";
        }
        String name = message.substring(start + 1, end);
        return name.matches("[A-Za-z0-9]{1,64}") ? name : "$";
    }

    private static <T> AdminDecodeResult<T> malformed(String field, AdminProblem problem, String detail,
            Optional<String> requestId) {
        return new AdminDecodeResult.Malformed<>(field, problem, detail, requestId);
    }

    /** Thrown inside decoding only, caught at its top. */
    private static final class Refusal extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String field;
        final AdminProblem problem;
        final String detail;

        Refusal(String field, AdminProblem problem, String detail) {
            super(null, null, false, false);
            this.field = field;
            this.problem = problem;
            this.detail = detail;
        }
    }

    private static String join(String path, String name) {
        return path.isEmpty() ? name : path + "." + name;
    }

    private static Object toRecord(Class<?> type, JsonNode node, String path) {
        if (!(node instanceof ObjectNode object)) {
            throw new Refusal(path.isEmpty() ? "$" : path, AdminProblem.NOT_AN_OBJECT, "expected an object");
        }
        RecordComponent[] components = type.getRecordComponents();
        Set<String> names = java.util.Arrays.stream(components).map(RecordComponent::getName).collect(Collectors.toSet());
        Iterator<String> keys = object.fieldNames();
        while (keys.hasNext()) {
            String key = keys.next();
            if (!names.contains(key)) {
                String shown = key.length() <= 64 && key.matches("[A-Za-z0-9_-]+") ? key : "(a key of " + key.length() + " characters)";
                throw new Refusal(join(path, shown), AdminProblem.UNKNOWN_FIELD, type.getSimpleName() + " has no such field");
            }
        }
        Object[] values = new Object[components.length];
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            RecordComponent component = components[i];
            types[i] = component.getType();
            String field = join(path, component.getName());
            JsonNode value = object.get(component.getName());
            boolean optional = component.isAnnotationPresent(MayBeAbsent.class);
            if (value == null) {
                if (!optional || component.getType().isPrimitive()) {
                    throw new Refusal(field, AdminProblem.MISSING, "required");
                }
                values[i] = null;
                continue;
            }
            if (value.isNull()) {
                throw new Refusal(field, AdminProblem.NULL_VALUE, optional ? "omit the key instead of null" : "required");
            }
            values[i] = toValue(component.getGenericType(), value, field);
        }
        try {
            Constructor<?> constructor = type.getDeclaredConstructor(types);
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof AdminViolation v) {
                String field = v.field().startsWith(path.isEmpty() ? "\u0000" : path) ? v.field() : join(path, v.field());
                throw new Refusal(field, v.problem(), v.detail());
            }
            throw new Refusal(path.isEmpty() ? "$" : path, AdminProblem.INCONSISTENT, "refused by "
                    + type.getSimpleName());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("admin record " + type.getSimpleName() + " lacks its canonical constructor", e);
        }
    }

    private static Object toValue(Type type, JsonNode node, String field) {
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            if (!node.isArray()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected an array");
            }
            if (node.size() > AdminData.MAX_DEVICE_IDS) {
                throw new Refusal(field, AdminProblem.TOO_MANY_ENTRIES, node.size() + " entries, at most "
                        + AdminData.MAX_DEVICE_IDS);
            }
            List<Object> out = new ArrayList<>(node.size());
            for (int i = 0; i < node.size(); i++) {
                JsonNode item = node.get(i);
                String itemField = field + "[" + i + "]";
                if (item.isNull()) {
                    throw new Refusal(itemField, AdminProblem.NULL_VALUE, "entries must not be null");
                }
                out.add(toValue(p.getActualTypeArguments()[0], item, itemField));
            }
            return out;
        }
        Class<?> c = (Class<?>) type;
        if (c == String.class) {
            if (!node.isTextual()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected text");
            }
            return node.textValue();
        }
        if (c == int.class || c == Integer.class || c == long.class || c == Long.class) {
            if (!node.isIntegralNumber()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected an integer");
            }
            boolean isInt = c == int.class || c == Integer.class;
            if (isInt ? !node.canConvertToInt() : !node.canConvertToLong()) {
                throw new Refusal(field, AdminProblem.OUT_OF_RANGE, isInt ? "outside 32-bit integers" : "outside 64-bit integers");
            }
            return isInt ? (Object) node.intValue() : (Object) node.longValue();
        }
        if (c == boolean.class || c == Boolean.class) {
            if (!node.isBoolean()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected true or false");
            }
            return node.booleanValue();
        }
        if (c == Instant.class) {
            if (!node.isTextual()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected an ISO-8601 UTC instant as text");
            }
            String text = node.textValue();
            if (text.length() > 40 || !INSTANT.matcher(text).matches()) {
                throw new Refusal(field, AdminProblem.BAD_FORMAT, "expected an ISO-8601 UTC instant like 2026-12-06T10:15:30Z");
            }
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                throw new Refusal(field, AdminProblem.BAD_FORMAT, "not a valid date and time");
            }
        }
        if (c == RevocationReason.class) {
            if (!node.isTextual()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected an RFC 5280 reason name");
            }
            return RevocationReason.fromRfcName(node.textValue()).orElseThrow(
                    () -> new Refusal(field, AdminProblem.UNKNOWN_VALUE, "not an RFC 5280 reason name"));
        }
        if (c.isEnum()) {
            if (!node.isTextual()) {
                throw new Refusal(field, AdminProblem.WRONG_TYPE, "expected one of " + List.of(c.getEnumConstants()));
            }
            for (Object constant : c.getEnumConstants()) {
                if (((Enum<?>) constant).name().equals(node.textValue())) {
                    return constant;
                }
            }
            throw new Refusal(field, AdminProblem.UNKNOWN_VALUE, "one of " + List.of(c.getEnumConstants()));
        }
        if (c.isRecord()) {
            return toRecord(c, node, field);
        }
        throw new IllegalStateException("no wire form for " + c.getSimpleName());
    }
}
