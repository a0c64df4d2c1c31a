package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only thread that writes. It takes everything queued (up to the group size), runs each write in its
 * own savepoint of one transaction, commits once, and only then completes the callers' futures: a caller
 * never learns of a write before it is on disk, and one failing write does not undo the others.
 *
 * <pre>
 *  callers --submit--> [queue] --drain up to N--> BEGIN IMMEDIATE
 *                                                   SAVEPOINT op; write 1; RELEASE op   (or ROLLBACK TO op)
 *                                                   ...
 *                                                 COMMIT --> complete futures on the completion executor
 * </pre>
 */
final class SingleWriter implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SingleWriter.class);

    /** A queued write and the future its caller holds. */
    private record Pending<T>(WriteOp<T> op, CompletableFuture<T> future) {
    }

    private static final Pending<Void> STOP = new Pending<>(tx -> null, new CompletableFuture<>());

    private final Connection connection;
    private final WriteTx tx;
    private final int maxGroupSize;
    private final Executor completionExecutor;
    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private final AtomicLong groupsCommitted = new AtomicLong();
    private boolean accepting = true;

    SingleWriter(Connection connection, int maxGroupSize, Executor completions, ThreadFactory threads)
            throws SQLException {
        this.connection = connection;
        this.tx = new WriteTx(connection);
        this.maxGroupSize = maxGroupSize;
        this.completionExecutor = completions;
        this.thread = threads.newThread(this::run);
        thread.start();
    }

    /** Queues a write; the future completes after the transaction holding it commits. */
    <T> CompletableFuture<T> submit(WriteOp<T> op) {
        CompletableFuture<T> future = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (!accepting) {
                future.completeExceptionally(new RegistryException(RegistryFailure.CLOSED, "registry is closed"));
                return future;
            }
            queue.add(new Pending<>(op, future));
        }
        return future;
    }

    /** Number of writes waiting, for the outbox-depth style gauges. */
    int queued() {
        return queue.size();
    }

    /** Transactions committed so far; with {@link #queued()}, shows how well writes are grouped. */
    long groupsCommitted() {
        return groupsCommitted.get();
    }

    private void run() {
        List<Pending<?>> group = new ArrayList<>(maxGroupSize);
        boolean stopping = false;
        while (!stopping) {
            group.clear();
            try {
                group.add(queue.take());
            } catch (InterruptedException e) {
                // Interrupts do not stop the writer: only close() does, so no queued write is abandoned.
                continue;
            }
            queue.drainTo(group, maxGroupSize - 1);
            if (group.get(group.size() - 1) == STOP) {
                group.remove(group.size() - 1);
                stopping = true;
            }
            if (!group.isEmpty()) {
                try {
                    commitGroup(group);
                } catch (Error fatal) {
                    failEverything(group, fatal);
                    throw fatal;
                }
            }
        }
    }

    // The writer cannot go on after an Error (out of memory...); no caller may be left waiting for it.
    private void failEverything(List<Pending<?>> group, Error fatal) {
        LOG.error("registry writer stopped by a fatal error; failing all pending writes", fatal);
        RegistryException failure = new RegistryException(RegistryFailure.STORAGE_ERROR,
                "the registry writer stopped: " + fatal, fatal);
        List<Pending<?>> pending = new ArrayList<>(group);
        synchronized (lifecycle) {
            accepting = false;
            queue.drainTo(pending);
        }
        for (Pending<?> p : pending) {
            p.future().completeExceptionally(failure);
        }
    }

    private void commitGroup(List<Pending<?>> group) {
        // What each write produced, applied to its future only after the commit.
        List<Runnable> outcomes = new ArrayList<>(group.size());
        WriteTx.ChainHead groupStart = tx.head();
        try {
            tx.execute("BEGIN IMMEDIATE");
            // Another process may have appended audit entries since this writer's last commit (the
            // CLI's allow or revoke beside a running gateway); under the write lock the head on
            // disk is the truth, and reading it is one indexed row per group.
            tx.reloadHead();
            groupStart = tx.head();
            for (Pending<?> pending : group) {
                outcomes.add(runInSavepoint(pending));
            }
            tx.execute("COMMIT");
            groupsCommitted.incrementAndGet();
        } catch (SQLException | RuntimeException e) {
            rollbackQuietly(groupStart);
            LOG.error("registry group commit of {} writes failed; all of them are reported failed", group.size(), e);
            RegistryException failure = new RegistryException(RegistryFailure.STORAGE_ERROR,
                    "the transaction holding this write could not be committed: " + e.getMessage(), e);
            for (Pending<?> pending : group) {
                completeLater(() -> pending.future().completeExceptionally(failure));
            }
            return;
        }
        outcomes.forEach(this::completeLater);
    }

    private <T> Runnable runInSavepoint(Pending<T> pending) throws SQLException {
        WriteTx.ChainHead before = tx.head();
        tx.execute("SAVEPOINT op");
        try {
            T value = pending.op().apply(tx);
            tx.execute("RELEASE op");
            return () -> pending.future().complete(value);
        } catch (SQLException | RuntimeException e) {
            // Only this write is undone; the group goes on.
            tx.execute("ROLLBACK TO op");
            tx.execute("RELEASE op");
            tx.resetHead(before);
            RuntimeException failure = asRegistryException(e);
            return () -> pending.future().completeExceptionally(failure);
        }
    }

    private static RuntimeException asRegistryException(Exception e) {
        if (e instanceof RuntimeException re) {
            return re;
        }
        return new RegistryException(RegistryFailure.STORAGE_ERROR, e.getMessage(), e);
    }

    // Completing on another executor keeps callers' continuations off the writer thread.
    private void completeLater(Runnable completion) {
        try {
            completionExecutor.execute(completion);
        } catch (RejectedExecutionException e) {
            completion.run();
        }
    }

    private void rollbackQuietly(WriteTx.ChainHead groupStart) {
        try {
            tx.execute("ROLLBACK");
        } catch (SQLException e) {
            // SQLite may have rolled back already (or never begun); either way nothing of the group remains.
            LOG.debug("rollback after a failed group commit: {}", e.getMessage());
        }
        try {
            tx.reloadHead();
        } catch (SQLException e) {
            tx.resetHead(groupStart);
            LOG.warn("cannot reload the audit chain head after a failed commit", e);
        }
    }

    /** Stops accepting writes and returns once everything already queued is committed (or failed). */
    void drain() {
        synchronized (lifecycle) {
            if (!accepting) {
                return;
            }
            accepting = false;
            queue.add(STOP);
        }
        boolean interrupted = false;
        while (true) {
            try {
                thread.join(TimeUnit.MINUTES.toMillis(1));
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (thread.isAlive()) {
            LOG.error("registry writer did not drain within a minute; its connection is closed anyway");
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Drains, then closes the write connection. */
    @Override
    public void close() {
        drain();
        try {
            tx.close();
            connection.close();
        } catch (SQLException e) {
            LOG.warn("closing the write connection failed", e);
        }
    }
}
