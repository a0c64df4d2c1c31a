package io.edgeprov.gateway.core.identity;

/**
 * Where the transports report each attempt they refused; the gateway's metrics count them. Called on
 * broker threads, so implementations must be quick and must not throw.
 */
@FunctionalInterface
public interface UnauthorizedAttempts {

    void count(UnauthorizedKind kind);

    /** Counts nothing: for tests and tools that run a transport without metrics. */
    static UnauthorizedAttempts uncounted() {
        return kind -> { };
    }
}
