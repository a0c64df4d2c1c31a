package io.edgeprov.gateway.core.fleet;

import java.util.Objects;

/**
 * A device's refused requests in a window: how many, and the wire code of the latest ({@code EK_NOT_ALLOWED}),
 * from the audit trail's DENIED entries that name the device.
 */
public record RefusalTally(long count, String lastCode) {
    public RefusalTally {
        if (count < 1) {
            throw new IllegalArgumentException("a tally counts at least one refusal, not " + count);
        }
        Objects.requireNonNull(lastCode, "lastCode");
    }
}
