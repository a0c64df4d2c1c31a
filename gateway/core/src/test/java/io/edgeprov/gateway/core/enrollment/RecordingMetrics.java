package io.edgeprov.gateway.core.enrollment;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Counts what the use cases report, so a test can check a refusal was counted under its step and cause. */
public final class RecordingMetrics implements EnrollmentMetrics {
    private final Map<String, AtomicInteger> refusals = new ConcurrentHashMap<>();
    private final AtomicInteger enrollments = new AtomicInteger();
    private final AtomicInteger renewals = new AtomicInteger();

    @Override
    public void enrollmentSucceeded(Duration latency) {
        enrollments.incrementAndGet();
    }

    @Override
    public void renewalSucceeded(Duration latency, Duration certificateAge) {
        renewals.incrementAndGet();
    }

    @Override
    public void refused(String step, EnrollmentRefusal cause) {
        refusals.computeIfAbsent(step + "/" + cause.name(), key -> new AtomicInteger()).incrementAndGet();
    }

    /** How often {@code step} was refused for {@code cause}. */
    public int refusals(String step, EnrollmentRefusal cause) {
        AtomicInteger count = refusals.get(step + "/" + cause.name());
        return count == null ? 0 : count.get();
    }

    public int enrollments() {
        return enrollments.get();
    }

    public int renewals() {
        return renewals.get();
    }
}
