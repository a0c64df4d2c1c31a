package io.edgeprov.gateway.core.enrollment;

import java.util.Objects;

/** Ends a step early with a refusal; internal control flow, never thrown out of this package. */
final class StepRefused extends Exception {

    private static final long serialVersionUID = 1L;

    private final EnrollmentRefusal cause;
    private final String detail;

    StepRefused(EnrollmentRefusal cause, String detail) {
        // No stack trace: refusals are expected, frequent, and fully described by cause and detail.
        super(Objects.requireNonNull(cause, "cause") + ": " + Objects.requireNonNull(detail, "detail"), null, false,
                false);
        this.cause = cause;
        this.detail = detail;
    }

    EnrollmentRefusal refusal() {
        return cause;
    }

    String detail() {
        return detail;
    }
}
