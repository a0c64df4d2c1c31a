package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.policy.RateLimiter;
import io.edgeprov.pki.CsrCheck;
import io.edgeprov.pki.CsrVerifier;
import io.edgeprov.pki.tpm.AttestationException;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmPublic;
import java.security.PublicKey;
import java.util.Optional;

/** The checks several steps share, each ending the step with its refusal. */
final class StepChecks {
    private StepChecks() {
    }

    static void requireRate(RateLimiter limiter, String deviceId) throws StepRefused {
        if (!limiter.tryAcquire(deviceId)) {
            throw new StepRefused(EnrollmentRefusal.RATE_LIMITED, "per-device request rate exceeded");
        }
    }

    static void requireNotBarred(Optional<DeviceRecord> device) throws StepRefused {
        if (device.isPresent() && device.get().state() == DeviceState.REVOKED) {
            throw new StepRefused(EnrollmentRefusal.DEVICE_REVOKED, "device state is REVOKED");
        }
        if (device.isPresent() && device.get().state() == DeviceState.DISABLED) {
            throw new StepRefused(EnrollmentRefusal.DEVICE_DISABLED, "device state is DISABLED");
        }
    }

    /**
     * The CSR's key, once the CSR parsed, its key is one the profile allows and its signature verified:
     * the one CSR signature check of a request.
     */
    static PublicKey csrKey(CsrVerifier verifier, byte[] csr) throws StepRefused {
        CsrCheck check = verifier.check(csr);
        if (check instanceof CsrCheck.Refused refused) {
            throw new StepRefused(Refusals.map(refused.reason()), "CSR: " + refused.detail());
        }
        return ((CsrCheck.Accepted) check).publicKey();
    }

    static TpmPublic storedAk(byte[] akPublic) {
        try {
            return TpmPublic.unmarshalTpm2b(akPublic);
        } catch (TpmFormatException e) {
            // It parsed at begin; failing now means the registry row is damaged, not that the device erred.
            throw new IllegalStateException("stored AK public area does not parse", e);
        }
    }

    @FunctionalInterface
    interface Check<T> {
        T run() throws AttestationException;
    }

    static <T> T checked(Check<T> check) throws StepRefused {
        try {
            return check.run();
        } catch (AttestationException e) {
            throw Refusals.of(e);
        }
    }
}
