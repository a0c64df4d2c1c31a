package io.edgeprov.gateway.core.enrollment;

import java.time.Duration;

/**
 * What the enrollment use cases report for operators to watch: successes with their latency, and
 * refusals by step and cause. Implementations must be quick and must not throw.
 */
public interface EnrollmentMetrics {

    /** A full attested enrollment ended in a certificate. */
    void enrollmentSucceeded(Duration latency);

    /** A renewal ended in a certificate; {@code certificateAge} is how old the renewed one was. */
    void renewalSucceeded(Duration latency, Duration certificateAge);

    /** A step was refused; {@code step} is a fixed lower-case word ({@code begin}, {@code finish}, {@code renew}). */
    void refused(String step, EnrollmentRefusal cause);

    /** Counts nothing: for tools that run the use cases without metrics. */
    static EnrollmentMetrics none() {
        return new EnrollmentMetrics() {
            @Override
            public void enrollmentSucceeded(Duration latency) {
            }

            @Override
            public void renewalSucceeded(Duration latency, Duration certificateAge) {
            }

            @Override
            public void refused(String step, EnrollmentRefusal cause) {
            }
        };
    }
}
