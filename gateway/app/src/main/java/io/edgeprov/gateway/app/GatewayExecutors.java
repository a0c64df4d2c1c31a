package io.edgeprov.gateway.app;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The thread pools a gateway owns, made once by the composition root and injected into the core and
 * every part: request workers (bounded; a full queue makes the submitting broker thread do the work,
 * which slows its clients instead of dropping them), the registry's completion thread, and the upkeep
 * scheduler. Closed last, after every part that uses them.
 */
final class GatewayExecutors implements AutoCloseable {
    final ThreadPoolExecutor requests;
    final ThreadPoolExecutor completions;
    final ScheduledExecutorService upkeep;

    GatewayExecutors(int requestThreads, int requestQueue) {
        requests = new ThreadPoolExecutor(requestThreads, requestThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(requestQueue), threads("gateway-request"), new ThreadPoolExecutor.CallerRunsPolicy());
        completions = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(10_000),
                threads("registry-completion"), new ThreadPoolExecutor.CallerRunsPolicy());
        upkeep = Executors.newSingleThreadScheduledExecutor(threads("gateway-upkeep"));
    }

    @Override
    public void close() throws InterruptedException {
        // Upkeep first (it submits registry work), then requests, then the completions they wait on.
        shutDown(upkeep);
        shutDown(requests);
        shutDown(completions);
    }

    private static void shutDown(ExecutorService executor) throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }

    private static ThreadFactory threads(String name) {
        AtomicInteger count = new AtomicInteger();
        return body -> {
            Thread thread = new Thread(body, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
