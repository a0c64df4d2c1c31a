package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/** What recording an inbound revocation did: applied now, already on record (a replay), or in conflict with the record. */
public sealed interface InboundOutcome permits InboundOutcome.Applied, InboundOutcome.AlreadyRecorded,
        InboundOutcome.Conflicting {

    /** Recorded now; {@code applied} says which local certificates it revoked (possibly none). */
    record Applied(DeviceRevocation applied) implements InboundOutcome {
        public Applied {
            Objects.requireNonNull(applied, "applied");
        }
    }

    /** The event id was on record already; nothing changed. */
    record AlreadyRecorded(RevocationEventId eventId) implements InboundOutcome {
        public AlreadyRecorded {
            Objects.requireNonNull(eventId, "eventId");
        }
    }

    /**
     * The event id is on record with other content: a replay altered on the way, or an origin reusing
     * an id. Nothing changed; the caller audits it as a refusal.
     */
    record Conflicting(RevocationEventId eventId, String difference) implements InboundOutcome {
        public Conflicting {
            Objects.requireNonNull(eventId, "eventId");
            Objects.requireNonNull(difference, "difference");
        }
    }
}
