package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.WireErrorCode;

/** Which failed steps are worth retrying after a backoff, following the contract's code areas. */
final class Retry {
    private Retry() {
    }

    static boolean isTransient(StepResult result) {
        if (result.succeeded()) {
            return false;
        }
        return switch (result.failure().get()) {
            case TIMED_OUT, TRANSPORT -> true;
            case REJECTED -> result.code().map(Retry::isTransient).orElse(false);
            case TPM, BAD_REPLY, NO_CREDENTIAL, REVOKED -> false;
        };
    }

    /**
     * Area 4 (back off) and 5 (retry later), and challenges that a fresh attestation replaces; never a
     * terminal code (area 6: the device is revoked and must stop).
     */
    static boolean isTransient(WireErrorCode code) {
        return !code.isTerminal() && code.area() >= 4 && code != WireErrorCode.NOT_AUTHORIZED && code != WireErrorCode.DEVICE_MISMATCH
                || code == WireErrorCode.CHALLENGE_EXPIRED || code == WireErrorCode.CHALLENGE_UNKNOWN
                || code == WireErrorCode.CHALLENGE_REPLAYED;
    }
}
