package io.edgeprov.gateway.registry.sqlite;

import java.sql.SQLException;

/** One write, run by the writer thread inside its own savepoint of a group transaction. */
@FunctionalInterface
interface WriteOp<T> {
    T apply(WriteTx tx) throws SQLException;
}
