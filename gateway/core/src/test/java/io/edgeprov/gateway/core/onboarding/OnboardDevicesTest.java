package io.edgeprov.gateway.core.onboarding;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.InMemoryRegistry;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class OnboardDevicesTest {
    private static final Instant NOW = Instant.parse("2026-12-05T12:00:00Z");
    private static final Sha256Digest EK = Sha256Digest.of(new byte[] {42});

    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final OnboardDevices onboarding = new OnboardDevices(registry.enrollments(), registry.devices(), registry.auditLog(),
            Clock.fixed(NOW, ZoneOffset.UTC));
    private final Principal technician = operator("tina", OperatorRole.TECHNICIAN);

    @Test
    void a_technician_allows_a_device_which_then_waits_pending_under_their_name() {
        OnboardingOutcome outcome = onboarding.allowDevice(technician, "sensor-1", EK).join();

        assertThat(outcome).isEqualTo(new OnboardingOutcome.Added("device-sensor-1"));
        Enrollment enrollment = registry.enrollments().findIndividualByDeviceId("sensor-1").orElseThrow();
        assertThat(enrollment.createdBy()).isEqualTo("operator:tina");
        assertThat(registry.devices().find("sensor-1").orElseThrow().state()).isEqualTo(DeviceState.PENDING);
        assertThat(registry.auditLog().head().orElseThrow().event().actor()).isEqualTo("operator:tina");
    }

    @Test
    void the_same_device_or_ek_twice_is_a_duplicate() {
        onboarding.allowDevice(technician, "sensor-1", EK).join();

        assertThat(onboarding.allowDevice(technician, "sensor-1", Sha256Digest.of(new byte[] {1})).join())
                .isInstanceOf(OnboardingOutcome.Duplicate.class);
        assertThat(onboarding.allowDevice(technician, "sensor-2", EK).join())
                .isInstanceOf(OnboardingOutcome.Duplicate.class);
    }

    @Test
    void an_operator_cannot_onboard_and_the_refusal_is_audited() {
        OnboardingOutcome outcome = onboarding.allowDevice(operator("olga", OperatorRole.OPERATOR), "sensor-1", EK).join();

        assertThat(outcome).isEqualTo(new OnboardingOutcome.NotPermitted("operator:olga"));
        assertThat(registry.enrollments().findIndividualByDeviceId("sensor-1")).isEmpty();
        assertThat(registry.auditLog().head().orElseThrow().event().outcome()).isEqualTo(AuditOutcome.DENIED);
    }

    @Test
    void a_group_is_allowed_then_disabled_by_its_id() {
        assertThat(onboarding.allowGroup(technician, "acme-line3", "ACME-[0-9]{6}", 1).join())
                .isEqualTo(new OnboardingOutcome.Added("group-acme-line3"));

        assertThat(onboarding.disable(technician, "group-acme-line3").join())
                .isEqualTo(new OnboardingOutcome.Disabled("group-acme-line3"));
        assertThat(registry.enrollments().findById("group-acme-line3").orElseThrow().enabled()).isFalse();
    }

    @Test
    void an_individual_enrollment_is_disabled_by_its_device_id() {
        onboarding.allowDevice(technician, "sensor-1", EK).join();

        assertThat(onboarding.disable(technician, "sensor-1").join())
                .isEqualTo(new OnboardingOutcome.Disabled("device-sensor-1"));
    }

    @Test
    void disabling_what_does_not_exist_is_not_found() {
        assertThat(onboarding.disable(technician, "nothing-here").join()).isInstanceOf(OnboardingOutcome.NotFound.class);
    }

    private static Principal operator(String name, OperatorRole role) {
        return new Principal.RegisteredOperator(new Operator(name, role, Sha256Digest.of(name.getBytes()), true,
                "local:root", NOW));
    }
}
