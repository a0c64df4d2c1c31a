package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Brings a database to the code's schema version: each missing migration in its own transaction, in
 * order, recorded in {@code schema_version}. Refuses a database newer than the code, and one whose applied
 * migrations differ from the code's scripts.
 */
final class Migrator {

    private final List<Migration> migrations;
    private final Clock clock;

    Migrator(List<Migration> migrations, Clock clock) {
        this.migrations = List.copyOf(migrations);
        this.clock = clock;
    }

    /** Applies what is missing; returns the resulting schema version. Runs in auto-commit mode. */
    int migrate(Connection connection) {
        int latest = migrations.isEmpty() ? 0 : migrations.get(migrations.size() - 1).version();
        try {
            try (Statement s = connection.createStatement()) {
                s.executeUpdate("CREATE TABLE IF NOT EXISTS schema_version ("
                        + " version INTEGER PRIMARY KEY NOT NULL, description TEXT NOT NULL,"
                        + " checksum TEXT NOT NULL, applied_at TEXT NOT NULL) STRICT");
            }
            Map<Integer, String> applied = applied(connection);
            int current = applied.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
            if (current > latest) {
                throw new RegistryException(RegistryFailure.SCHEMA_NEWER_THAN_CODE, "database schema version "
                        + current + " is newer than this gateway understands (" + latest
                        + "); run the newer gateway or restore a backup made by this version");
            }
            for (Migration m : migrations) {
                String checksum = applied.get(m.version());
                if (checksum == null) {
                    apply(connection, m);
                } else if (!checksum.equals(m.checksum())) {
                    throw new RegistryException(RegistryFailure.MIGRATION_FAILED, "migration V" + m.version()
                            + " (" + m.description() + ") was changed after it was applied to this database");
                }
            }
            return latest;
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.MIGRATION_FAILED,
                    "cannot read or create schema_version: " + e.getMessage(), e);
        }
    }

    private static Map<Integer, String> applied(Connection connection) throws SQLException {
        Map<Integer, String> applied = new HashMap<>();
        try (Statement s = connection.createStatement();
                ResultSet rs = s.executeQuery("SELECT version, checksum FROM schema_version")) {
            while (rs.next()) {
                applied.put(rs.getInt(1), rs.getString(2));
            }
        }
        return applied;
    }

    private void apply(Connection connection, Migration m) {
        try (Statement s = connection.createStatement()) {
            s.executeUpdate("BEGIN IMMEDIATE");
            try {
                s.executeUpdate(m.sql());
                try (PreparedStatement insert = connection.prepareStatement(
                        "INSERT INTO schema_version (version, description, checksum, applied_at) VALUES (?, ?, ?, ?)")) {
                    insert.setInt(1, m.version());
                    insert.setString(2, m.description());
                    insert.setString(3, m.checksum());
                    insert.setString(4, clock.instant().toString());
                    insert.executeUpdate();
                }
                s.executeUpdate("COMMIT");
            } catch (SQLException e) {
                s.executeUpdate("ROLLBACK");
                throw e;
            }
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.MIGRATION_FAILED, "migration V" + m.version() + " ("
                    + m.description() + ") failed and was rolled back: " + e.getMessage(), e);
        }
    }
}
