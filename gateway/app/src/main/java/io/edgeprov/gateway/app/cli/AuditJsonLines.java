package io.edgeprov.gateway.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The audit export format (docs/audit-retention.md): JSON Lines, one entry per line, with exactly the fields
 * {@code seq, at, actor, action, target, outcome, reasonCode, details, previousHash, entryHash} in that order;
 * {@code at} as an ISO-8601 instant, {@code details} an object of strings, the hashes in lower-case hex.
 * Entries go out exactly as stored, so {@code entryHash} can be recomputed from the line's fields
 * ({@code AuditHashing}, tag {@code edgeprov/audit-entry/v1}) and the lines linked by {@code previousHash},
 * offline; the first line's {@code previousHash} anchors the range to the entry before it.
 *
 * <p>Reading is strict: an unknown or missing field, a wrong type, or an event the audit screen refuses (a
 * secret-looking value) makes the line unreadable rather than being passed over, since a field the hash does
 * not cover must not ride along unchecked.
 */
final class AuditJsonLines {

    static final List<String> FIELDS = List.of("seq", "at", "actor", "action", "target", "outcome", "reasonCode",
            "details", "previousHash", "entryHash");

    /** Strict: a repeated key or anything after the object makes the line unreadable. */
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private AuditJsonLines() {
    }

    /** One line, without the line break. */
    static String line(AuditEntry entry) {
        AuditEvent event = entry.event();
        ObjectNode node = JSON.createObjectNode();
        node.put("seq", entry.sequence());
        node.put("at", event.at().toString());
        node.put("actor", event.actor());
        node.put("action", event.action());
        node.put("target", event.target());
        node.put("outcome", event.outcome().name());
        node.put("reasonCode", event.reasonCode());
        ObjectNode details = node.putObject("details");
        event.details().forEach(details::put);
        node.put("previousHash", entry.previousHash().hex());
        node.put("entryHash", entry.entryHash().hex());
        try {
            return JSON.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an audit entry could not be written as JSON", e);
        }
    }

    /**
     * The entry a line holds, as written; its hashes are not checked here.
     *
     * @throws IllegalArgumentException naming what is wrong, never quoting a value
     */
    static AuditEntry parse(String line) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON");
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        if (!names.equals(FIELDS)) {
            throw new IllegalArgumentException("fields must be exactly " + String.join(", ", FIELDS) + " in this order");
        }
        JsonNode seq = node.get("seq");
        if (!seq.canConvertToExactIntegral() || !seq.isIntegralNumber() || seq.asLong() < 1) {
            throw new IllegalArgumentException("seq must be a positive integer");
        }
        AuditEvent event;
        try {
            event = new AuditEvent(Instant.parse(text(node, "at")), text(node, "actor"), text(node, "action"),
                    text(node, "target"), AuditOutcome.valueOf(text(node, "outcome")), text(node, "reasonCode"),
                    details(node.get("details")));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("at is not an ISO-8601 instant");
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("not a valid audit event: " + e.getMessage());
        }
        return new AuditEntry(seq.asLong(), event, hash(node, "previousHash"), hash(node, "entryHash"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (!value.isTextual()) {
            throw new IllegalArgumentException(field + " must be a string");
        }
        return value.asText();
    }

    private static Map<String, String> details(JsonNode node) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("details must be an object");
        }
        Map<String, String> details = new TreeMap<>();
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> detail = fields.next();
            if (!detail.getValue().isTextual()) {
                throw new IllegalArgumentException("every detail must be a string");
            }
            details.put(detail.getKey(), detail.getValue().asText());
        }
        return details;
    }

    private static Sha256Digest hash(JsonNode node, String field) {
        try {
            String hex = text(node, field);
            if (!hex.matches("[0-9a-f]{64}")) {
                throw new IllegalArgumentException(field + " must be 64 lower-case hex digits");
            }
            return Sha256Digest.fromHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(field + " must be 64 lower-case hex digits");
        }
    }
}
