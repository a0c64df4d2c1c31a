package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Read-only connections lent to one reader at a time. In WAL mode readers never wait for the writer and
 * see every committed transaction.
 */
final class ReadPool implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ReadPool.class);

    private final List<ReadConnection> all;
    private final BlockingQueue<ReadConnection> idle;
    private final Duration waitLimit;
    private volatile boolean closed;

    ReadPool(List<Connection> connections, Duration waitLimit) {
        this.all = connections.stream().map(ReadConnection::new).toList();
        this.idle = new ArrayBlockingQueue<>(all.size(), false, all);
        this.waitLimit = waitLimit;
    }

    <T> T read(ReadOp<T> op) {
        if (closed) {
            throw new RegistryException(RegistryFailure.CLOSED, "registry is closed");
        }
        ReadConnection connection;
        try {
            connection = idle.poll(Math.max(1, waitLimit.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "interrupted waiting for a read connection", e);
        }
        if (connection == null) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR,
                    "no read connection free within " + waitLimit.toMillis() + " ms");
        }
        try {
            return op.apply(connection);
        } catch (SQLException e) {
            throw new RegistryException(RegistryFailure.STORAGE_ERROR, "read failed: " + e.getMessage(), e);
        } finally {
            idle.add(connection);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (ReadConnection c : all) {
            try {
                c.close();
            } catch (SQLException e) {
                LOG.warn("closing a read connection failed", e);
            }
        }
    }
}
