package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How one enrollment or renewal ended.
 *
 * @param failure empty when the step succeeded
 * @param code    the gateway's error code when {@code failure} is REJECTED
 * @param detail  short text without secrets
 */
public record StepResult(Optional<DeviceFailure> failure, Optional<WireErrorCode> code, Duration latency, String detail) {
    public StepResult {
        Objects.requireNonNull(failure, "failure");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(latency, "latency");
        Objects.requireNonNull(detail, "detail");
        if (failure.filter(f -> f == DeviceFailure.REJECTED).isPresent() != code.isPresent()) {
            throw new IllegalArgumentException("code: present exactly when the failure is REJECTED");
        }
    }

    static StepResult succeeded(Duration latency) {
        return new StepResult(Optional.empty(), Optional.empty(), latency, "ok");
    }

    static StepResult rejected(WireErrorCode code, Duration latency, String detail) {
        return new StepResult(Optional.of(DeviceFailure.REJECTED), Optional.of(code), latency, detail);
    }

    static StepResult failed(DeviceFailure failure, Duration latency, String detail) {
        return new StepResult(Optional.of(failure), Optional.empty(), latency, detail);
    }

    public boolean succeeded() {
        return failure.isEmpty();
    }
}
