package io.edgeprov.gateway.mqtt.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.UnauthorizedKind;
import org.junit.jupiter.api.Test;

/** The JSSE's reasons as HiveMQ logs them, read off real refused handshakes (DeviceNetworkAttacksIT drives them). */
class TlsHandshakeFailuresTest {

    @Test
    void a_certificate_outside_its_validity_is_expired() {
        assertThat(TlsHandshakeFailures.classify("PKIX path validation failed: java.security.cert.CertPathValidatorException:"
                + " validity check failed")).isEqualTo(UnauthorizedKind.TLS_CERTIFICATE_EXPIRED);
    }

    @Test
    void a_certificate_of_another_ca_is_untrusted() {
        assertThat(TlsHandshakeFailures.classify("PKIX path building failed: sun.security.provider.certpath."
                + "SunCertPathBuilderException: unable to find valid certification path to requested target"))
                .isEqualTo(UnauthorizedKind.TLS_CERTIFICATE_UNTRUSTED);
    }

    @Test
    void anything_else_is_a_failed_handshake() {
        assertThat(TlsHandshakeFailures.classify("no cipher suites in common")).isEqualTo(UnauthorizedKind.TLS_HANDSHAKE_FAILED);
        assertThat(TlsHandshakeFailures.classify(null)).isEqualTo(UnauthorizedKind.TLS_HANDSHAKE_FAILED);
    }
}
