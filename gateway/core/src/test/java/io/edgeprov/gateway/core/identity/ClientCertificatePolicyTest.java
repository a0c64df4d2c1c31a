package io.edgeprov.gateway.core.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientCertificatePolicyTest {
    private static TestPki pki;
    private static TestPki foreign;

    private final MutableClock clock = new MutableClock();
    private final Set<String> revoked = ConcurrentHashMap.newKeySet();
    private final ClientCertificatePolicy policy =
            new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, revoked::contains, clock);

    @BeforeAll
    static void make_pki() throws Exception {
        pki = new TestPki();
        foreign = new TestPki("gw1");
    }

    @Test
    void client_without_certificate_is_unenrolled_under_its_client_id() {
        assertThat(policy.check("sensor-1", List.of()))
                .isEqualTo(new ConnectDecision.Accepted(new ClientIdentity.Unenrolled("sensor-1")));
    }

    @Test
    void device_certificate_naming_the_client_id_gives_a_device_identity() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");

        assertThat(policy.check("sensor-1", credential.chain()))
                .isEqualTo(new ConnectDecision.Accepted(new ClientIdentity.Device("sensor-1", credential.serialHex())));
    }

    @Test
    void device_certificate_alone_without_the_ca_in_the_chain_is_accepted() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");

        assertThat(policy.check("sensor-1", List.of(credential.leaf())))
                .isInstanceOf(ConnectDecision.Accepted.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a/b", "sensor+", "#", "-leading-dash", ".hidden", "has space",
        "x12345678901234567890123456789012345678901234567890123456789012345"})
    void invalid_client_id_is_refused(String clientId) {
        thenRefused(policy.check(clientId, List.of()), ConnectRefusal.CLIENT_ID_INVALID);
    }

    @Test
    void null_client_id_is_refused() {
        thenRefused(policy.check(null, List.of()), ConnectRefusal.CLIENT_ID_INVALID);
    }

    @Test
    void client_id_of_a_gateway_owned_subtree_is_refused() {
        thenRefused(policy.check("ca", List.of()), ConnectRefusal.CLIENT_ID_INVALID);
    }

    @Test
    void certificate_for_another_device_is_refused_as_mismatch() throws Exception {
        thenRefused(policy.check("sensor-2", pki.device("sensor-1").chain()), ConnectRefusal.CLIENT_ID_MISMATCH);
    }

    @Test
    void certificate_from_a_foreign_ca_is_untrusted() throws Exception {
        thenRefused(policy.check("sensor-1", foreign.device("sensor-1").chain()), ConnectRefusal.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void certificate_past_its_not_after_is_expired() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");
        clock.advance(Duration.ofDays(2));

        thenRefused(policy.check("sensor-1", credential.chain()), ConnectRefusal.CERTIFICATE_EXPIRED);
    }

    @Test
    void certificate_before_its_not_before_is_not_yet_valid() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");
        clock.advance(Duration.ofHours(-1));

        thenRefused(policy.check("sensor-1", credential.chain()), ConnectRefusal.CERTIFICATE_NOT_YET_VALID);
    }

    @Test
    void revoked_certificate_is_refused() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");
        revoked.add(credential.serialHex());

        thenRefused(policy.check("sensor-1", credential.chain()), ConnectRefusal.CERTIFICATE_REVOKED);
    }

    @Test
    void certificate_the_registry_never_recorded_is_refused_as_unrecorded() throws Exception {
        RevocationStatus registry = new RevocationStatus() {
            @Override
            public boolean isRevoked(String serialHex) {
                return true;
            }

            @Override
            public Standing standing(String serialHex) {
                return Standing.UNRECORDED;
            }
        };
        ClientCertificatePolicy checked = new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, registry, clock);

        thenRefused(checked.check("sensor-1", pki.device("sensor-1").chain()), ConnectRefusal.CERTIFICATE_UNRECORDED);
    }

    @Test
    void unreadable_revocation_status_refuses() throws Exception {
        ClientCertificatePolicy failing = new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> {
            throw new IllegalStateException("registry down");
        }, Clock.systemUTC());

        thenRefused(failing.check("sensor-1", pki.device("sensor-1").chain()), ConnectRefusal.REVOCATION_UNKNOWN);
    }

    @Test
    void revocation_is_asked_with_the_lower_case_hex_serial() throws Exception {
        TestPki.Credential credential = pki.device("sensor-1");
        Set<String> asked = ConcurrentHashMap.newKeySet();
        new ClientCertificatePolicy(pki.gatewayCa(), TestPki.NAMING, serial -> asked.add(serial) && false, clock)
                .check("sensor-1", credential.chain());

        assertThat(asked).containsExactly(credential.leaf().getSerialNumber().toString(16));
    }

    @Test
    void server_certificate_without_client_auth_is_refused() throws Exception {
        thenRefused(policy.check("gw1-broker", pki.server().chain()), ConnectRefusal.CERTIFICATE_NOT_CLIENT_AUTH);
    }

    @Test
    void the_gateway_ca_itself_cannot_identify_a_device() {
        X509Certificate ca = pki.gatewayCa();

        thenRefused(policy.check("sensor-1", List.of(ca)), ConnectRefusal.CERTIFICATE_UNTRUSTED);
    }

    @Test
    void refusal_detail_names_both_devices_on_mismatch() throws Exception {
        ConnectDecision decision = policy.check("sensor-2", pki.device("sensor-1").chain());

        assertThat(((ConnectDecision.Refused) decision).detail()).contains("sensor-1").contains("sensor-2");
    }

    @Test
    void without_a_client_id_the_device_is_the_one_the_certificate_names() throws Exception {
        TestPki.Credential credential = pki.device("sensor-7");

        assertThat(policy.checkPresented(credential.chain()))
                .isEqualTo(new ConnectDecision.Accepted(new ClientIdentity.Device("sensor-7", credential.serialHex())));
    }

    @Test
    void without_a_client_id_every_other_rule_still_applies() throws Exception {
        TestPki.Credential credential = pki.device("sensor-8");
        revoked.add(credential.serialHex());

        thenRefused(policy.checkPresented(credential.chain()), ConnectRefusal.CERTIFICATE_REVOKED);
        thenRefused(policy.checkPresented(foreign.device("sensor-8").chain()), ConnectRefusal.CERTIFICATE_UNTRUSTED);
        thenRefused(policy.checkPresented(pki.server().chain()), ConnectRefusal.CERTIFICATE_NO_DEVICE_NAME);
    }

    private static void thenRefused(ConnectDecision decision, ConnectRefusal reason) {
        assertThat(decision).isInstanceOf(ConnectDecision.Refused.class);
        assertThat(((ConnectDecision.Refused) decision).reason()).isEqualTo(reason);
    }
}
