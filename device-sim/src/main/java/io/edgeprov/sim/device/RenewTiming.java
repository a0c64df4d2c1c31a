package io.edgeprov.sim.device;

import java.time.Duration;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * When a device starts renewing: at about two thirds of its certificate's lifetime, give or take
 * a twentieth of it, so certificates issued together are not renewed together; or, when the
 * settings fix a delay, that delay plus up to a tenth of it.
 */
public final class RenewTiming {
    private RenewTiming() {
    }

    /** How long from {@code now} until the renewal of {@code credential} should start; never negative. */
    public static Duration delay(DeviceCredential credential, Instant now, DeviceSettings settings, RandomGenerator random) {
        if (settings.renewAfter().isPresent()) {
            Duration fixed = settings.renewAfter().get();
            return fixed.plusMillis(random.nextLong(fixed.toMillis() / 10 + 1));
        }
        long lifetime = Duration.between(credential.notBefore(), credential.notAfter()).toMillis();
        long spread = lifetime / 20;
        long offset = lifetime * 2 / 3 + (spread == 0 ? 0 : random.nextLong(-spread, spread + 1));
        Duration delay = Duration.between(now, credential.notBefore().plusMillis(offset));
        return delay.isNegative() ? Duration.ZERO : delay;
    }
}
