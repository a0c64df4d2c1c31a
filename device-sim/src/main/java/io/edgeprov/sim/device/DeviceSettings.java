package io.edgeprov.sim.device;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a simulated device behaves.
 *
 * @param connectTimeout   one connect (TLS handshake and CONNACK)
 * @param requestTimeout   one request until its reply (publish, gateway work, reply delivery)
 * @param renewAfter       a fixed time after issuance to renew (demos and tests), instead of two thirds of the lifetime
 * @param rotateKeyOnRenew renew with a new TPM key certified by the AK instead of the same key
 * @param backoff          between reconnect attempts and retried enrollments
 * @param maxEnrollAttempts how often a transient enrollment failure is retried before the device gives up
 */
public record DeviceSettings(Duration connectTimeout, Duration requestTimeout, Optional<Duration> renewAfter,
                             boolean rotateKeyOnRenew, Backoff backoff, int maxEnrollAttempts) {
    public DeviceSettings {
        positive("connectTimeout", connectTimeout);
        positive("requestTimeout", requestTimeout);
        Objects.requireNonNull(renewAfter, "renewAfter");
        renewAfter.ifPresent(d -> positive("renewAfter", d));
        Objects.requireNonNull(backoff, "backoff");
        if (maxEnrollAttempts < 1) {
            throw new IllegalArgumentException("maxEnrollAttempts: must be at least 1, was " + maxEnrollAttempts);
        }
    }

    public static DeviceSettings defaults() {
        return new DeviceSettings(Duration.ofSeconds(10), Duration.ofSeconds(15), Optional.empty(), false,
                Backoff.defaults(), 5);
    }

    public DeviceSettings withRenewAfter(Duration after) {
        return new DeviceSettings(connectTimeout, requestTimeout, Optional.of(after), rotateKeyOnRenew, backoff, maxEnrollAttempts);
    }

    public DeviceSettings withRotateKeyOnRenew(boolean rotate) {
        return new DeviceSettings(connectTimeout, requestTimeout, renewAfter, rotate, backoff, maxEnrollAttempts);
    }

    public DeviceSettings withBackoff(Backoff newBackoff) {
        return new DeviceSettings(connectTimeout, requestTimeout, renewAfter, rotateKeyOnRenew, newBackoff, maxEnrollAttempts);
    }

    public DeviceSettings withTimeouts(Duration connect, Duration request) {
        return new DeviceSettings(connect, request, renewAfter, rotateKeyOnRenew, backoff, maxEnrollAttempts);
    }

    private static void positive(String field, Duration d) {
        Objects.requireNonNull(d, field);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(field + ": must be positive, was " + d);
        }
    }
}
