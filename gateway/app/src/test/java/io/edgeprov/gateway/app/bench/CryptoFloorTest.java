package io.edgeprov.gateway.app.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CryptoFloorTest {
    private static final String OPENSSL_3 = """
            version: 3.0.22
            CPUINFO: OPENSSL_ia32cap=0xfed83203178bffff:0x18005f42f1bb03a9
                                          sign    verify    sign/s verify/s
             256 bits ecdsa (nistp256)   0.0000s   0.0001s  50000.0  20000.0
                                          op      op/s
             256 bits ecdh (nistp256)   0.0000s  25000.0
            """;

    @Test
    void reads_the_p256_rates_of_openssl_speed() {
        CryptoFloor.Rates rates = CryptoFloor.parse(OPENSSL_3).orElseThrow();

        assertThat(rates.signPerS()).isEqualTo(50000.0);
        assertThat(rates.verifyPerS()).isEqualTo(20000.0);
        assertThat(rates.ecdhPerS()).isEqualTo(25000.0);
    }

    @Test
    void counts_the_curve_operations_of_an_enrollment_and_a_renewal() {
        CryptoFloor.Rates rates = CryptoFloor.parse(OPENSSL_3).orElseThrow();
        // sign 0.02, verify 0.05, ECDH 0.04 ms
        // one handshake: 2 sign + 1 ECDH; attestation: 2 sign + 1 ECDH + 2 verify
        assertThat(rates.enrollMs(1)).isCloseTo(0.04 + 0.04 + 0.04 + 0.04 + 0.10, within(1e-9));
        // the second, mutual handshake adds 2 sign + 1 ECDH + 2 verify
        assertThat(rates.enrollMs(2)).isCloseTo(rates.enrollMs(1) + 0.04 + 0.04 + 0.10, within(1e-9));
        assertThat(rates.renewMs()).isCloseTo(0.05 + 0.02, within(1e-9));
    }

    @Test
    void output_without_the_p256_lines_gives_no_rates() {
        assertThat(CryptoFloor.parse("Doing ecdsa sign ops")).isEmpty();
    }
}
