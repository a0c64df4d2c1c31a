package io.edgeprov.gateway.mqtt.external;

import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Keeps at most {@code limit} QoS 1 publishes in flight and queues the rest, so a burst of
 * replies waits for PUBACKs instead of failing in Paho with "too many publishes in progress"
 * (32202) once the broker's receive maximum is reached.
 */
final class PublishWindow<T> {
    private int limit;
    private final int queueLimit;
    private final ArrayDeque<T> waiting = new ArrayDeque<>();
    private int inFlight;

    PublishWindow(int limit, int queueLimit) {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + limit);
        }
        if (queueLimit < 0) {
            throw new IllegalArgumentException("queueLimit must not be negative, got " + queueLimit);
        }
        this.limit = limit;
        this.queueLimit = queueLimit;
    }

    /** What the caller must do with an offered item. */
    enum Admission { SEND_NOW, QUEUED, REFUSED }

    /** SEND_NOW takes a slot the caller must {@link #release()}; QUEUED items come back from release. */
    synchronized Admission offer(T item) {
        if (inFlight < limit) {
            inFlight++;
            return Admission.SEND_NOW;
        }
        if (waiting.size() >= queueLimit) {
            return Admission.REFUSED;
        }
        waiting.add(item);
        return Admission.QUEUED;
    }

    /** Frees a slot; when an item was waiting it takes the slot and must be sent (and later released). */
    synchronized Optional<T> release() {
        T next = waiting.poll();
        if (next != null && inFlight > limit) {
            // The limit was lowered while this slot was taken: give the slot up, keep the item queued.
            waiting.addFirst(next);
            next = null;
        }
        if (next == null && inFlight > 0) {
            inFlight--;
        }
        return Optional.ofNullable(next);
    }

    /**
     * Lowers the limit (never raises it), e.g. to the receive maximum the broker announced in
     * CONNACK, which Paho enforces by failing the publish. Slots already taken drain normally.
     */
    synchronized void limitTo(int newLimit) {
        if (newLimit < 1) {
            throw new IllegalArgumentException("limit must be at least 1, got " + newLimit);
        }
        limit = Math.min(limit, newLimit);
    }

    synchronized int limit() {
        return limit;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int queued() {
        return waiting.size();
    }
}
