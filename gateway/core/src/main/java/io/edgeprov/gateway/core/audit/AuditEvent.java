package io.edgeprov.gateway.core.audit;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One decision to audit, before the log gives it a place in the chain. Refuses anything that looks like a
 * secret (PEM blocks, long base64 blobs, detail keys naming a secret).
 *
 * @param at when the decision was taken
 * @param actor who acted: an operator's certificate subject, a device id, or {@code gateway}
 * @param action what was done, e.g. {@code certificate.issue}
 * @param target what it was done to, e.g. a device id or serial
 * @param outcome how it ended
 * @param reasonCode machine-readable reason, e.g. a wire error code or {@code OK}
 * @param details further non-secret facts; kept as an unmodifiable copy sorted by key
 */
public record AuditEvent(Instant at, String actor, String action, String target, AuditOutcome outcome,
        String reasonCode, Map<String, String> details) {

    /** Most details one event may carry. */
    public static final int MAX_DETAILS = 32;

    public AuditEvent {
        Objects.requireNonNull(at, "at");
        Checks.text(actor, "actor", 256);
        Checks.text(action, "action", 64);
        Checks.text(target, "target", 256);
        Objects.requireNonNull(outcome, "outcome");
        Checks.text(reasonCode, "reasonCode", 64);
        SecretScreen.checkIdentifier("actor", actor);
        SecretScreen.checkIdentifier("target", target);
        SecretScreen.checkValue("reasonCode", reasonCode);
        Objects.requireNonNull(details, "details");
        if (details.size() > MAX_DETAILS) {
            throw new IllegalArgumentException("details must hold at most " + MAX_DETAILS + " entries, got "
                    + details.size());
        }
        TreeMap<String, String> copy = new TreeMap<>();
        for (Map.Entry<String, String> e : details.entrySet()) {
            String key = Checks.text(e.getKey(), "details key", 64);
            Objects.requireNonNull(e.getValue(), "details value of '" + key + "'");
            if (e.getValue().length() > 1024) {
                throw new IllegalArgumentException("details value of '" + key + "' must be at most 1024 characters");
            }
            SecretScreen.checkKey(key);
            SecretScreen.checkValue("details value of '" + key + "'", e.getValue());
            copy.put(key, e.getValue());
        }
        details = Collections.unmodifiableSortedMap(copy);
    }

    /** An event without details. */
    public static AuditEvent of(Instant at, String actor, String action, String target, AuditOutcome outcome,
            String reasonCode) {
        return new AuditEvent(at, actor, action, target, outcome, reasonCode, new TreeMap<>());
    }

    /** The same event with one more detail. */
    public AuditEvent withDetail(String key, String value) {
        TreeMap<String, String> more = new TreeMap<>(details);
        more.put(key, value);
        return new AuditEvent(at, actor, action, target, outcome, reasonCode, more);
    }
}
