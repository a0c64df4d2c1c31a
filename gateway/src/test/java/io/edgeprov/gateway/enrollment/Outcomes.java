package io.edgeprov.gateway.enrollment;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.audit.AuditEntry;
import io.edgeprov.gateway.audit.AuditOutcome;
import java.util.Locale;

/** Then-helpers shared by the use-case tests. */
final class Outcomes {

    private Outcomes() {
    }

    /** The outcome is a refusal for {@code cause}, which reaches the device as {@code wire}. */
    static void thenRefused(EnrollmentOutcome<?> outcome, EnrollmentRefusal cause, WireErrorCode wire) {
        assertThat(outcome).isInstanceOf(EnrollmentOutcome.Refused.class);
        EnrollmentRefusal actual = ((EnrollmentOutcome.Refused<?>) outcome).cause();
        assertThat(actual).isEqualTo(cause);
        assertThat(actual.wireCode()).isEqualTo(wire);
    }

    /** The last audit entry is the refusal: actor the device, outcome DENIED, reason the cause's name. */
    static void thenAuditedRefusal(GatewayFixture gateway, String deviceId, String action, EnrollmentRefusal cause) {
        AuditEntry last = gateway.lastAudit();
        assertThat(last.event().actor()).isEqualTo(deviceId);
        assertThat(last.event().action()).isEqualTo(action);
        assertThat(last.event().outcome()).isEqualTo(AuditOutcome.DENIED);
        assertThat(last.event().reasonCode()).isEqualTo(cause.name());
    }

    /** The refusal is counted under its step and cause. */
    static void thenCounted(GatewayFixture gateway, String step, EnrollmentRefusal cause) {
        String label = "cause=\"" + cause.name().toLowerCase(Locale.ROOT) + "\"";
        assertThat(gateway.metrics.scrape().lines()
                .filter(line -> line.startsWith("edgeprov_refusals_total{"))
                .filter(line -> line.contains(label) && line.contains("step=\"" + step + "\"")))
                .as("refusal counter for %s/%s", step, cause).hasSize(1);
    }
}
