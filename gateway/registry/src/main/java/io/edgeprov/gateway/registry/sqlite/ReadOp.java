package io.edgeprov.gateway.registry.sqlite;

import java.sql.SQLException;

/** One read on a borrowed read-only connection. */
@FunctionalInterface
interface ReadOp<T> {
    T apply(ReadConnection connection) throws SQLException;
}
