package io.edgeprov.gateway.core.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;

/** Then-helpers shared by the use-case tests. */
public final class Outcomes {

    private Outcomes() {
    }

    /** The outcome is a refusal for {@code cause}, which reaches the device as {@code wire}. */
    public static void thenRefused(EnrollmentOutcome<?> outcome, EnrollmentRefusal cause, WireErrorCode wire) {
        assertThat(outcome).isInstanceOf(EnrollmentOutcome.Refused.class);
        EnrollmentRefusal actual = ((EnrollmentOutcome.Refused<?>) outcome).cause();
        assertThat(actual).isEqualTo(cause);
        assertThat(actual.wireCode()).isEqualTo(wire);
    }

    /** The last audit entry is the refusal: actor the device, outcome DENIED, reason the cause's name. */
    public static void thenAuditedRefusal(GatewayFixture gateway, String deviceId, String action, EnrollmentRefusal cause) {
        AuditEntry last = gateway.lastAudit();
        assertThat(last.event().actor()).isEqualTo(deviceId);
        assertThat(last.event().action()).isEqualTo(action);
        assertThat(last.event().outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(last.event().reasonCode()).isEqualTo(cause.name());
    }

    /** The refusal is counted under its step and cause. */
    public static void thenCounted(GatewayFixture gateway, String step, EnrollmentRefusal cause) {
        assertThat(gateway.metrics.refusals(step, cause)).as("refusal counter for %s/%s", step, cause).isPositive();
    }
}
