package io.edgeprov.ui.client;

import java.time.Instant;

/**
 * The audit view's filter; every field may be null (no filter). The adapter turns it into the
 * contract's {@code AuditPage} request.
 */
public record AuditQuery(String actor, String action, String device, Instant from, Instant to) {
    public AuditQuery {
        actor = blankToNull(actor);
        action = blankToNull(action);
        device = blankToNull(device);
    }

    public static AuditQuery all() {
        return new AuditQuery(null, null, null, null, null);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
