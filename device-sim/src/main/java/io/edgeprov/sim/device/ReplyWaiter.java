package io.edgeprov.sim.device;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Hands the reply topics' messages of the one request in flight to the thread waiting for it. A
 * device sends one request at a time, so a single slot suffices; stale replies to an earlier,
 * timed-out request are told apart by the caller through the client token.
 */
final class ReplyWaiter {
    /** A reply, or the news that the connection dropped while waiting. */
    record Arrival(String topic, byte[] payload, boolean connectionLost) {
    }

    private static final Arrival LOST = new Arrival("", new byte[0], true);

    private final BlockingQueue<Arrival> arrivals = new LinkedBlockingQueue<>();
    private volatile Set<String> expected = Set.of();

    void expect(String acceptedTopic, String rejectedTopic) {
        arrivals.clear();
        expected = Set.of(acceptedTopic, rejectedTopic);
    }

    void done() {
        expected = Set.of();
        arrivals.clear();
    }

    /** Whether {@code topic} was a reply topic of the request in flight (then the message is queued). */
    boolean offer(String topic, byte[] payload) {
        if (!expected.contains(topic)) {
            return false;
        }
        arrivals.offer(new Arrival(topic, payload.clone(), false));
        return true;
    }

    void connectionLost() {
        if (!expected.isEmpty()) {
            arrivals.offer(LOST);
        }
    }

    /** The next arrival within {@code timeout}, or empty when none came. */
    Optional<Arrival> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(arrivals.poll(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
    }
}
