package io.edgeprov.gateway.registry.sqlite;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of the SQLite registry.
 *
 * @param databaseFile the database file; its folder must exist
 * @param durability how hard each commit is synced
 * @param maxGroupSize most queued writes committed in one transaction
 * @param readConnections number of read-only connections shared by readers
 * @param busyTimeout how long a connection waits for a lock held by another process before failing
 */
public record SqliteRegistryConfig(Path databaseFile, Durability durability, int maxGroupSize, int readConnections,
        Duration busyTimeout) {

    /** Default group size: large enough to amortise a sync, small enough to bound one commit's latency. */
    public static final int DEFAULT_MAX_GROUP_SIZE = 500;

    public SqliteRegistryConfig {
        Objects.requireNonNull(databaseFile, "databaseFile");
        Objects.requireNonNull(durability, "durability");
        if (maxGroupSize < 1 || maxGroupSize > 10_000) {
            throw new IllegalArgumentException("maxGroupSize must be 1..10000, got " + maxGroupSize);
        }
        if (readConnections < 1 || readConnections > 64) {
            throw new IllegalArgumentException("readConnections must be 1..64, got " + readConnections);
        }
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busyTimeout must be 0..2^31 ms, got " + busyTimeout);
        }
    }

    /** Defaults for a database file: FULL durability, groups of 500, 2 readers, 5 s busy timeout. */
    public static SqliteRegistryConfig defaults(Path databaseFile) {
        return new SqliteRegistryConfig(databaseFile, Durability.FULL, DEFAULT_MAX_GROUP_SIZE, 2,
                Duration.ofSeconds(5));
    }

    /** The same settings with another durability. */
    public SqliteRegistryConfig withDurability(Durability value) {
        return new SqliteRegistryConfig(databaseFile, value, maxGroupSize, readConnections, busyTimeout);
    }

    /** The same settings with another group size. */
    public SqliteRegistryConfig withMaxGroupSize(int value) {
        return new SqliteRegistryConfig(databaseFile, durability, value, readConnections, busyTimeout);
    }
}
