package io.edgeprov.gateway.core.registry;

import java.util.ArrayList;
import java.util.List;

/** Names what differs between a revocation on record and an inbound event that reuses its id. */
public final class InboundConflicts {
    private InboundConflicts() {
    }

    /** The fields that differ, by name, without their values (a note may be anything). */
    public static String difference(RevocationRecord known, RevocationRecord incoming) {
        List<String> fields = new ArrayList<>();
        if (!known.deviceId().equals(incoming.deviceId())) {
            fields.add("deviceId");
        }
        if (known.reason() != incoming.reason()) {
            fields.add("reason");
        }
        if (!known.revokedAt().equals(incoming.revokedAt())) {
            fields.add("revokedAt");
        }
        if (!known.actor().equals(incoming.actor())) {
            fields.add("actor");
        }
        if (!known.origin().equals(incoming.origin())) {
            fields.add("origin");
        }
        if (!known.note().equals(incoming.note())) {
            fields.add("note");
        }
        return fields.isEmpty() ? "none" : String.join(",", fields);
    }
}
