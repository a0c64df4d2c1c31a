package io.edgeprov.gateway.registry.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Column conversions and SQLite error classification shared by the stores. */
final class Rows {

    private Rows() {
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, String column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    static Optional<Instant> optionalInstant(ResultSet rs, int column) throws SQLException {
        long millis = rs.getLong(column);
        return rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(millis));
    }

    static void setOptionalInstant(PreparedStatement ps, int index, Optional<Instant> value) throws SQLException {
        if (value.isPresent()) {
            ps.setLong(index, value.get().toEpochMilli());
        } else {
            ps.setNull(index, Types.INTEGER);
        }
    }

    /** Binds a prepared statement's parameters. */
    @FunctionalInterface
    interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Maps the current row. */
    @FunctionalInterface
    interface Mapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** Runs a query on the connection's cached prepared statement and maps every row. */
    static <T> List<T> query(ReadConnection c, String sql, Binder binder, Mapper<T> mapper) throws SQLException {
        PreparedStatement ps = c.prepared(sql);
        binder.bind(ps);
        return all(ps, mapper);
    }

    /** Runs an already bound (possibly cached) statement and maps every row. */
    static <T> List<T> all(PreparedStatement ps, Mapper<T> mapper) throws SQLException {
        List<T> rows = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                rows.add(mapper.map(rs));
            }
        }
        return rows;
    }

    /** Whether the failure is the given constraint violation (primary key, unique, foreign key...). */
    static boolean violates(SQLException e, SQLiteErrorCode code) {
        return e instanceof SQLiteException s && s.getResultCode() == code;
    }
}
