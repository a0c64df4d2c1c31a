package io.edgeprov.gateway.core.fleet;

import java.time.Instant;
import java.util.Objects;

/** Certificates issued by attestation and by renewal in the minute starting at {@code start}. */
public record MinuteCounts(Instant start, long issued, long renewed) {
    public MinuteCounts {
        Objects.requireNonNull(start, "start");
    }
}
