package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;
import java.util.Optional;

/** Unwinds a step; carries no secret. */
final class StepFailure extends Exception {
    private static final long serialVersionUID = 1L;
    final DeviceFailure failure;
    final transient Optional<WireErrorCode> code;
    final String detail;

    StepFailure(DeviceFailure failure, String detail) {
        super(detail, null, false, false);
        this.failure = failure;
        this.code = Optional.empty();
        this.detail = detail;
    }

    StepFailure(WireErrorCode code, String detail) {
        super(detail, null, false, false);
        this.failure = DeviceFailure.REJECTED;
        this.code = Optional.of(code);
        this.detail = code + ": " + detail;
    }
}
