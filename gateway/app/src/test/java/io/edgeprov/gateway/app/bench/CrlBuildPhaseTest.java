package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.security.SecureRandom;
import java.time.Clock;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.junit.jupiter.api.Test;

class CrlBuildPhaseTest {

    @Test
    void reports_a_median_and_the_size_of_a_crl_holding_every_entry() throws Exception {
        CrlBuildPhase.Outcome outcome = new CrlBuildPhase(1_000, 3, new BouncyCastleProvider(), new SecureRandom(),
                Clock.systemUTC()).measure();

        assertThat(outcome.medianMillis()).isPositive().isLessThanOrEqualTo(outcome.maxMillis());
        // Each entry is at least a 17-octet serial and a 15-octet UTCTime in its own sequence.
        assertThat(outcome.crlBytes()).isGreaterThan(1_000 * 34);
    }

    @Test
    void refuses_an_empty_phase() {
        assertThatIllegalArgumentException().isThrownBy(() -> new CrlBuildPhase(0, 3, new BouncyCastleProvider(),
                new SecureRandom(), Clock.systemUTC())).withMessageContaining("entries and runs must be positive");
    }
}
