package io.edgeprov.gateway.core.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.enrollment.GatewayFixture;
import io.edgeprov.gateway.core.enrollment.TestDevice;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The device port over the real use cases (in-memory registry): answers keyed by message type, with their effects. */
class DeviceServiceTest {
    private GatewayFixture gateway;
    private DeviceService port;
    private TestDevice device;
    private final ClientIdentity unenrolled = new ClientIdentity.Unenrolled("sensor-1");

    @BeforeEach
    void given_an_enrolled_device_allowed() throws Exception {
        gateway = GatewayFixture.inMemory();
        port = new DeviceService(gateway.service);
        device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
    }

    @AfterEach
    void close() throws Exception {
        gateway.close();
    }

    @Test
    void a_begin_is_answered_with_a_challenge_and_no_effect() {
        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Begin(device.begin())).join();

        assertThat(answer).isInstanceOfSatisfying(DeviceAnswer.Replied.class, replied -> {
            assertThat(replied.reply()).isInstanceOf(Challenge.class);
            assertThat(replied.effects()).isEmpty();
        });
    }

    @Test
    void a_finish_binds_the_connection_to_the_device_and_its_new_certificate() throws Exception {
        CredentialBundle bundle = finish();

        String serial = GatewayFixture.x509(bundle.certificate()).getSerialNumber().toString(16);
        assertThat(lastEffects).containsExactly(new ConnectionEffect.BoundToDevice("sensor-1", serial));
    }

    @Test
    void a_renewal_binds_the_connection_to_the_renewed_certificate() throws Exception {
        ClientIdentity.Device holder = GatewayFixture.identityOf("sensor-1", finish());

        DeviceAnswer answer = port.handle(holder, new DeviceRequest.Renew(device.renewSameKey())).join();

        CredentialBundle renewed = (CredentialBundle) ((DeviceAnswer.Replied) answer).reply();
        assertThat(answer.effects()).containsExactly(new ConnectionEffect.BoundToDevice("sensor-1",
                GatewayFixture.x509(renewed.certificate()).getSerialNumber().toString(16)));
    }

    @Test
    void a_revoked_devices_renewal_gets_the_terminal_code_and_cuts_the_connection_off() throws Exception {
        ClientIdentity.Device holder = GatewayFixture.identityOf("sensor-1", finish());
        gateway.givenRevoked("sensor-1");

        DeviceAnswer answer = port.handle(holder, new DeviceRequest.Renew(device.renewSameKey())).join();

        assertThat(answer).isInstanceOfSatisfying(DeviceAnswer.Refused.class, refused -> {
            assertThat(refused.rejection().code()).isEqualTo(WireErrorCode.DEVICE_REVOKED);
            assertThat(refused.rejection().code().isTerminal()).isTrue();
            assertThat(refused.cause()).contains(EnrollmentRefusal.DEVICE_REVOKED);
            assertThat(refused.effects()).containsExactly(new ConnectionEffect.CutOff("sensor-1",
                    Optional.of(holder.serialHex()), EnrollmentRefusal.DEVICE_REVOKED.reason()));
        });
    }

    @Test
    void a_revoked_devices_attestation_begin_gets_the_terminal_code() throws Exception {
        finish();
        gateway.givenRevoked("sensor-1");

        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Begin(device.begin())).join();

        thenTerminal(answer, device.begin().clientToken());
    }

    @Test
    void a_revoked_devices_attestation_finish_gets_the_terminal_code() throws Exception {
        finish();
        Challenge challenge = (Challenge) ((DeviceAnswer.Replied) port.handle(unenrolled,
                new DeviceRequest.Begin(device.begin())).join()).reply();
        AttestationFinish finish = device.finish(challenge);
        gateway.givenRevoked("sensor-1");

        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Finish(finish)).join();

        thenTerminal(answer, finish.clientToken());
    }

    private static void thenTerminal(DeviceAnswer answer, io.edgeprov.contracts.device.ClientToken token) {
        assertThat(answer).isInstanceOfSatisfying(DeviceAnswer.Refused.class, refused -> {
            assertThat(refused.rejection().code()).isEqualTo(WireErrorCode.DEVICE_REVOKED);
            assertThat(refused.rejection().code().code()).isEqualTo(600);
            assertThat(refused.rejection().clientToken()).isEqualTo(token);
            assertThat(refused.cause()).contains(EnrollmentRefusal.DEVICE_REVOKED);
        });
    }

    @Test
    void a_revoked_device_attesting_again_is_refused_and_cut_off() throws Exception {
        finish();
        gateway.givenRevoked("sensor-1");

        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Begin(device.begin())).join();

        assertThat(answer.effects()).containsExactly(new ConnectionEffect.CutOff("sensor-1", Optional.empty(),
                EnrollmentRefusal.DEVICE_REVOKED.reason()));
    }

    @Test
    void a_body_naming_another_device_is_refused_before_any_use_case_runs() {
        AttestationBegin begin = device.begin();
        AttestationBegin namingAnother = new AttestationBegin(begin.clientToken(), begin.ekPublic(), begin.ekCertificate(),
                begin.akPublic(), Optional.of(new DeviceId("sensor-2")));
        long auditBefore = gateway.auditEntries().size();

        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Begin(namingAnother)).join();

        assertThat(answer).isInstanceOfSatisfying(DeviceAnswer.Refused.class, refused -> {
            assertThat(refused.rejection().code()).isEqualTo(WireErrorCode.DEVICE_MISMATCH);
            assertThat(refused.rejection().clientToken()).isEqualTo(begin.clientToken());
            assertThat(refused.cause()).isEmpty();
        });
        assertThat(gateway.auditEntries()).hasSize((int) auditBefore);
    }

    @Test
    void a_body_naming_the_peer_itself_is_accepted() {
        AttestationBegin begin = device.begin();
        AttestationBegin namingItself = new AttestationBegin(begin.clientToken(), begin.ekPublic(), begin.ekCertificate(),
                begin.akPublic(), Optional.of(new DeviceId("sensor-1")));

        assertThat(port.handle(unenrolled, new DeviceRequest.Begin(namingItself)).join())
                .isInstanceOf(DeviceAnswer.Replied.class);
    }

    @Test
    void a_peer_without_a_certificate_cannot_renew() throws Exception {
        finish();

        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Renew(device.renewSameKey())).join();

        assertThat(answer).isInstanceOfSatisfying(DeviceAnswer.Refused.class,
                refused -> assertThat(refused.rejection().code()).isEqualTo(WireErrorCode.NOT_AUTHORIZED));
    }

    private java.util.List<ConnectionEffect> lastEffects = java.util.List.of();

    private CredentialBundle finish() throws Exception {
        Challenge challenge = (Challenge) ((DeviceAnswer.Replied) port.handle(unenrolled,
                new DeviceRequest.Begin(device.begin())).join()).reply();
        AttestationFinish finish = device.finish(challenge);
        DeviceAnswer answer = port.handle(unenrolled, new DeviceRequest.Finish(finish)).join();
        lastEffects = answer.effects();
        return (CredentialBundle) ((DeviceAnswer.Replied) answer).reply();
    }
}
