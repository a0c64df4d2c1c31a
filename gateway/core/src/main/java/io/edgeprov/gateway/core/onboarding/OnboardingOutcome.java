package io.edgeprov.gateway.core.onboarding;

import java.util.Objects;

/** What one onboarding request did; every kind is audited. */
public sealed interface OnboardingOutcome permits OnboardingOutcome.Added, OnboardingOutcome.Disabled,
        OnboardingOutcome.Duplicate, OnboardingOutcome.NotFound, OnboardingOutcome.NotPermitted {

    /** The enrollment {@code enrollmentId} now admits the device or group. */
    record Added(String enrollmentId) implements OnboardingOutcome {
        public Added {
            Objects.requireNonNull(enrollmentId, "enrollmentId");
        }
    }

    /** The enrollment {@code enrollmentId} admits nothing any more. */
    record Disabled(String enrollmentId) implements OnboardingOutcome {
        public Disabled {
            Objects.requireNonNull(enrollmentId, "enrollmentId");
        }
    }

    /** Nothing changed: the device, its EK or the group is already allowed. */
    record Duplicate(String detail) implements OnboardingOutcome {
        public Duplicate {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Nothing changed: no enrollment has that id or device id. */
    record NotFound(String detail) implements OnboardingOutcome {
        public NotFound {
            Objects.requireNonNull(detail, "detail");
        }
    }

    /** Nothing changed: the principal may not onboard. */
    record NotPermitted(String actor) implements OnboardingOutcome {
        public NotPermitted {
            Objects.requireNonNull(actor, "actor");
        }
    }
}
