package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RenewTimingTest {
    private final SplittableRandom random = new SplittableRandom(11);

    @Test
    void default_renewal_starts_near_two_thirds_of_the_lifetime() throws Exception {
        DeviceCredential credential = givenCredentialLasting(Duration.ofMinutes(60));
        Instant notBefore = credential.notBefore();
        Duration lifetime = Duration.between(notBefore, credential.notAfter());

        Duration delay = RenewTiming.delay(credential, notBefore, DeviceSettings.defaults(), random);

        long twoThirds = lifetime.toMillis() * 2 / 3;
        assertThat(delay.toMillis()).isBetween(twoThirds - lifetime.toMillis() / 20, twoThirds + lifetime.toMillis() / 20);
    }

    @Test
    void override_renews_after_the_fixed_delay_plus_at_most_a_tenth() throws Exception {
        DeviceCredential credential = givenCredentialLasting(Duration.ofMinutes(60));

        Duration delay = RenewTiming.delay(credential, Instant.now(), DeviceSettings.defaults().withRenewAfter(Duration.ofSeconds(20)), random);

        assertThat(delay).isBetween(Duration.ofSeconds(20), Duration.ofSeconds(22));
    }

    @Test
    void renewal_already_due_starts_at_once() throws Exception {
        DeviceCredential credential = givenCredentialLasting(Duration.ofMinutes(60));

        Duration delay = RenewTiming.delay(credential, credential.notAfter(), DeviceSettings.defaults(), random);

        assertThat(delay).isZero();
    }

    private static DeviceCredential givenCredentialLasting(Duration lifetime) throws Exception {
        GatewayPki pki = new GatewayPki(Clock.systemUTC(), lifetime);
        try (SoftwareTpm tpm = SoftwareTpm.builder().build()) {
            TpmKeyHandle key = tpm.createDeviceKey();
            return new DeviceCredential(pki.deviceChain("renew-1", DeviceCsr.publicKey(tpm, key)), key, Instant.now());
        }
    }
}
