package io.edgeprov.sim.device;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Threads that a fleet's CoAP clients share: Californium's protocol stages and Scandium's
 * handshakes run here instead of on a few pools per device. Each device keeps its own UDP socket
 * and receiver thread (a device is one DTLS peer with one source port and one client certificate).
 * The owner closes it after every transport that uses it.
 */
public final class CoapClientThreads implements AutoCloseable {
    private final ScheduledExecutorService protocol;
    private final ScheduledExecutorService secondary;
    private final ExecutorService dtls;

    public CoapClientThreads(String name) {
        this.protocol = Executors.newScheduledThreadPool(2, named(name + "-coap"));
        this.secondary = Executors.newScheduledThreadPool(1, named(name + "-coap-timer"));
        this.dtls = Executors.newFixedThreadPool(2, named(name + "-dtls"));
    }

    ScheduledExecutorService protocol() {
        return protocol;
    }

    ScheduledExecutorService secondary() {
        return secondary;
    }

    ExecutorService dtls() {
        return dtls;
    }

    @Override
    public void close() {
        protocol.shutdownNow();
        secondary.shutdownNow();
        dtls.shutdownNow();
        try {
            protocol.awaitTermination(2, TimeUnit.SECONDS);
            dtls.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
