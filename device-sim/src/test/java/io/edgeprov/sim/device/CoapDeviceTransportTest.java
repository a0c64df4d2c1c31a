package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.TopicKind;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A simulated device over {@link CoapDeviceTransport} against a local DTLS CoAP server that relays to
 * the {@link FakeGateway}: the same device logic as on MQTT, a TPM-held DTLS client key on renewal.
 * The real gateway's CoAP front end is exercised by the parameterised suites in gateway-app and tests.
 */
class CoapDeviceTransportTest {
    private final Clock clock = Clock.systemUTC();
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2);
    private SoftwareTpm tpm;
    private FakeGateway gateway;
    private CoapGatewayResponder server;
    private SimulatedDevice device;

    @BeforeEach
    void setUp() throws Exception {
        GatewayPki pki = new GatewayPki(clock, Duration.ofHours(1));
        gateway = new FakeGateway(pki, clock);
        server = new CoapGatewayResponder(gateway, pki);
        tpm = SoftwareTpm.builder().build();
        CoapDeviceTransport transport = new CoapDeviceTransport(new DeviceId("coap-test-1"), "127.0.0.1", server.port(),
                gateway.trustAnchors(), tpm);
        device = SimulatedDevice.builder().id(new DeviceId("coap-test-1")).tpm(tpm).channel(transport)
                .settings(DeviceSettings.defaults()).clock(clock).scheduler(scheduler).build();
    }

    @AfterEach
    void tearDown() {
        device.close();
        server.close();
        tpm.close();
        scheduler.shutdownNow();
    }

    @Test
    void a_device_enrolls_over_dtls_and_renews_with_its_tpm_key_as_the_dtls_client_key() {
        StepResult enrolled = device.enroll();
        StepResult renewed = device.renew();

        assertThat(enrolled.succeeded()).as(enrolled.detail()).isTrue();
        assertThat(renewed.succeeded()).as(renewed.detail()).isTrue();
        assertThat(gateway.attestations).hasValue(1);
        assertThat(gateway.renewals).hasValue(1);
        assertThat(server.handshakesWithCertificate).hasValue(1);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.ENROLLED);
    }

    @Test
    void a_refusal_arrives_as_its_wire_code_from_the_cbor_rejection() {
        gateway.refuseNext(TopicKind.ATTEST_BEGIN, WireErrorCode.NOT_ENROLLED);

        StepResult result = device.enroll();

        assertThat(result.code()).contains(WireErrorCode.NOT_ENROLLED);
    }

    @Test
    void a_started_device_whose_session_the_gateway_ends_on_revocation_reports_revoked_by_the_refused_reconnect()
            throws Exception {
        java.util.concurrent.CompletableFuture<DeviceEvent> enrolled = new java.util.concurrent.CompletableFuture<>();
        java.util.concurrent.CompletableFuture<DeviceEvent> revoked = new java.util.concurrent.CompletableFuture<>();
        device.close();
        CoapDeviceTransport transport = new CoapDeviceTransport(new DeviceId("coap-test-2"), "127.0.0.1", server.port(),
                gateway.trustAnchors(), tpm);
        device = SimulatedDevice.builder().id(new DeviceId("coap-test-2")).tpm(tpm).channel(transport)
                .settings(DeviceSettings.defaults().withBackoff(new Backoff(Duration.ofMillis(20), Duration.ofMillis(100)))
                        .withRenewAfter(Duration.ofHours(1)))
                .clock(clock).scheduler(scheduler).listener(new DeviceListener() {
                    @Override
                    public void eventRecorded(SimulatedDevice d, DeviceEvent event) {
                        if (event.type() == DeviceEventType.ENROLLED) {
                            enrolled.complete(event);
                        } else if (event.type() == DeviceEventType.REVOKED) {
                            revoked.complete(event);
                        }
                    }
                }).build();
        device.start();
        enrolled.get(20, java.util.concurrent.TimeUnit.SECONDS);

        server.revoke("coap-test-2");

        DeviceEvent event = revoked.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(event.revocationPath()).contains(RevocationPath.REFUSED_RECONNECT);
        assertThat(device.log().events()).extracting(DeviceEvent::type).contains(DeviceEventType.CONNECTION_LOST);
        assertThat(device.state()).isEqualTo(SimulatedDeviceState.FAILED);
    }

    @Test
    void a_renewal_refused_as_revoked_stops_the_device() {
        assertThat(device.enroll().succeeded()).isTrue();
        gateway.refuseNext(TopicKind.RENEW, WireErrorCode.DEVICE_REVOKED);

        StepResult result = device.renew();

        assertThat(result.code()).contains(WireErrorCode.DEVICE_REVOKED);
        assertThat(device.revocation()).hasValueSatisfying(r -> assertThat(r.path()).isEqualTo(RevocationPath.REFUSED_RENEWAL));
        assertThat(device.renew().failure()).contains(DeviceFailure.REVOKED);
    }
}
