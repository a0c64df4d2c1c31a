package io.edgeprov.gateway.registry.sqlite;

/**
 * How hard a commit is pushed to disk (SQLite {@code PRAGMA synchronous} in WAL mode).
 *
 * <p>In WAL mode both settings keep the database consistent after any crash. They differ on power loss or
 * an OS crash: with {@link #NORMAL} the WAL is synced only at checkpoints, so the last commits before the
 * outage may roll back; with {@link #FULL} every commit syncs the WAL first. A killed process loses nothing
 * under either, since committed pages already sit in the OS cache.
 */
public enum Durability {
    /**
     * Every commit survives power loss. The default: edge gateways lose power, and a certificate a device
     * was told about must not vanish from the registry (revocation and serial uniqueness depend on it).
     * Group commit pays the sync once per group, so throughput stays close to {@link #NORMAL}.
     */
    FULL,
    /** Commits survive a crashed process but the newest may be lost on power loss; for tests and benchmarks. */
    NORMAL
}
