package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/** What recording an inbound revocation did: applied now, or already on record (a replay). */
public sealed interface InboundOutcome permits InboundOutcome.Applied, InboundOutcome.AlreadyRecorded {

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
}
