package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PahoClientThreadsTest {

    private final PahoClientThreads threads = new PahoClientThreads("test-mqtt");

    @AfterEach
    void close() throws InterruptedException {
        threads.close();
        assertThat(threads.awaitTermination(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void every_connection_loop_gets_a_thread_of_its_own_however_many_run() throws InterruptedException {
        int loops = 40;
        CountDownLatch allRunning = new CountDownLatch(loops);
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < loops; i++) {
            threads.execute(() -> {
                allRunning.countDown();
                awaitQuietly(release);
            });
        }

        boolean started = allRunning.await(10, TimeUnit.SECONDS);
        release.countDown();

        assertThat(started).as("a loop waited for another to end: Paho's receivers would deadlock").isTrue();
    }

    @Test
    void a_thread_a_closed_connection_left_serves_the_next_one() throws Exception {
        Thread first = CompletableFuture.supplyAsync(Thread::currentThread, threads).get(5, TimeUnit.SECONDS);
        // The loop's task has returned; its thread is free once it waits for the next task.
        awaitIdle(first);

        Thread second = CompletableFuture.supplyAsync(Thread::currentThread, threads).get(5, TimeUnit.SECONDS);

        assertThat(second).isSameAs(first);
        assertThat(threads.threads()).isEqualTo(1);
    }

    private static void awaitIdle(Thread pooled) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (pooled.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as(pooled.getName() + " never went back to waiting for work").isLessThan(deadline);
            Thread.onSpinWait();
        }
    }

    @Test
    void keep_alive_pings_run_on_the_shared_scheduler() throws Exception {
        String ran = threads.schedule(() -> Thread.currentThread().getName(), 10, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);

        assertThat(ran).startsWith("test-mqtt-ping-");
    }

    @Test
    void closing_interrupts_loops_still_running() throws InterruptedException {
        CountDownLatch interrupted = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(1);
        threads.execute(() -> {
            running.countDown();
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                interrupted.countDown();
            }
        });
        assertThat(running.await(5, TimeUnit.SECONDS)).isTrue();

        threads.close();

        assertThat(interrupted.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(threads.isShutdown()).isTrue();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
