package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.Test;

/** Which connect failures tell a device that its certificate was revoked. */
class PahoConnectFailureTest {
    @Test
    void connack_banned_is_banned() {
        assertThat(PahoDeviceTransport.connectFailure(new MqttException(0x8A))).isEqualTo(TransportFailure.BANNED);
    }

    @Test
    void connack_not_authorized_is_an_ordinary_connect_failure() {
        assertThat(PahoDeviceTransport.connectFailure(new MqttException(0x87))).isEqualTo(TransportFailure.CONNECT_FAILED);
    }

    @Test
    void the_certificate_revoked_alert_during_the_handshake_is_revoked_at_handshake() {
        MqttException refused = new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION,
                new SSLHandshakeException("Received fatal alert: certificate_revoked"));

        assertThat(PahoDeviceTransport.connectFailure(refused)).isEqualTo(TransportFailure.REVOKED_AT_HANDSHAKE);
    }

    @Test
    void the_alert_after_a_tls_1_3_handshake_is_found_deeper_in_the_causes() {
        MqttException refused = new MqttException(org.eclipse.paho.mqttv5.client.MqttClientException.REASON_CODE_CONNECTION_LOST,
                new java.io.IOException("read failed", new SSLException("Received fatal alert: certificate_revoked")));

        assertThat(PahoDeviceTransport.connectFailure(refused)).isEqualTo(TransportFailure.REVOKED_AT_HANDSHAKE);
    }

    @Test
    void another_handshake_failure_is_an_ordinary_connect_failure() {
        MqttException refused = new MqttException(MqttException.REASON_CODE_CLIENT_EXCEPTION,
                new SSLHandshakeException("Received fatal alert: bad_certificate"));

        assertThat(PahoDeviceTransport.connectFailure(refused)).isEqualTo(TransportFailure.CONNECT_FAILED);
    }
}
