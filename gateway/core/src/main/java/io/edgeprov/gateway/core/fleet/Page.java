package io.edgeprov.gateway.core.fleet;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One page of rows.
 *
 * @param total rows matching the query in all (not only this page)
 * @param next where the next page starts; empty on the last page
 */
public record Page<T>(List<T> rows, long total, Optional<FleetCursor> next) {
    public Page {
        rows = List.copyOf(rows);
        Objects.requireNonNull(next, "next");
    }
}
