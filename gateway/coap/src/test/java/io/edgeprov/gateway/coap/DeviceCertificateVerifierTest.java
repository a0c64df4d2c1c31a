package io.edgeprov.gateway.coap;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.identity.ConnectRefusal;
import org.eclipse.californium.scandium.dtls.AlertMessage.AlertDescription;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeviceCertificateVerifierTest {

    @ParameterizedTest
    @EnumSource(ConnectRefusal.class)
    void every_connect_refusal_has_an_alert_and_is_counted_under_its_own_kind(ConnectRefusal reason) {
        assertThat(DeviceCertificateVerifier.alertOf(reason)).isNotNull();
        assertThat(DeviceCertificateVerifier.kindOf(reason).name()).isEqualTo("CONNECT_" + reason.name());
    }

    @Test
    void a_revoked_or_expired_certificate_gets_the_alert_that_says_so() {
        assertThat(DeviceCertificateVerifier.alertOf(ConnectRefusal.CERTIFICATE_REVOKED)).isEqualTo(AlertDescription.CERTIFICATE_REVOKED);
        assertThat(DeviceCertificateVerifier.alertOf(ConnectRefusal.CERTIFICATE_EXPIRED)).isEqualTo(AlertDescription.CERTIFICATE_EXPIRED);
        assertThat(DeviceCertificateVerifier.alertOf(ConnectRefusal.CERTIFICATE_UNTRUSTED)).isEqualTo(AlertDescription.UNKNOWN_CA);
    }
}
