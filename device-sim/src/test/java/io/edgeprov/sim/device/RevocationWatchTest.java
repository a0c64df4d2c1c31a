package io.edgeprov.sim.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.RevocationNotice;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The revocation decisions on their own: which notice is about the held certificate, and who reports first. */
class RevocationWatchTest {
    private static final DeviceId DEVICE = new DeviceId("watch-1");
    private static final Instant REVOKED_AT = Instant.parse("2026-12-05T10:00:00Z");
    private static DeviceCredential held;
    private static String heldSerial;
    private static String otherSerial;

    @BeforeAll
    static void given_a_certificate_the_device_holds() throws Exception {
        GatewayPki pki = new GatewayPki(Clock.systemUTC(), Duration.ofMinutes(10));
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(256);
        held = new DeviceCredential(pki.deviceChain(DEVICE.value(), generator.generateKeyPair().getPublic()),
                new TpmKeyHandle("key-1"), REVOKED_AT);
        heldSerial = held.certificate().getSerialNumber().toString(16);
        otherSerial = held.certificate().getSerialNumber().add(java.math.BigInteger.ONE).toString(16);
    }

    @Test
    void a_notice_for_the_held_serial_is_for_the_held_certificate_with_the_time_since_the_revocation() {
        RevocationWatch.NoticeVerdict verdict = RevocationWatch.judge(DEVICE, notice(heldSerial), Optional.of(held),
                REVOKED_AT.plusMillis(400));

        assertThat(verdict).isInstanceOfSatisfying(RevocationWatch.NoticeVerdict.ForHeldCertificate.class, held -> {
            assertThat(held.revocation().path()).isEqualTo(RevocationPath.NOTICE);
            assertThat(held.revocation().latency()).contains(Duration.ofMillis(400));
            assertThat(held.revocation().reason()).contains(RevocationReason.KEY_COMPROMISE);
        });
    }

    @Test
    void a_notice_for_another_serial_says_which_serial_the_device_holds() {
        RevocationWatch.NoticeVerdict verdict = RevocationWatch.judge(DEVICE, notice(otherSerial), Optional.of(held), REVOKED_AT);

        assertThat(verdict).isInstanceOfSatisfying(RevocationWatch.NoticeVerdict.ForOtherCertificate.class,
                other -> assertThat(other.detail()).contains(otherSerial, "holding serial " + heldSerial));
    }

    @Test
    void a_notice_while_holding_no_certificate_is_for_another_certificate() {
        assertThat(RevocationWatch.judge(DEVICE, notice(heldSerial), Optional.empty(), REVOKED_AT))
                .isInstanceOf(RevocationWatch.NoticeVerdict.ForOtherCertificate.class);
    }

    @Test
    void a_device_clock_behind_the_gateway_gives_a_zero_latency_not_a_negative_one() {
        RevocationWatch.NoticeVerdict verdict = RevocationWatch.judge(DEVICE, notice(heldSerial), Optional.of(held),
                REVOKED_AT.minusSeconds(3));

        assertThat(((RevocationWatch.NoticeVerdict.ForHeldCertificate) verdict).revocation().latency()).contains(Duration.ZERO);
    }

    @Test
    void only_the_first_revocation_is_claimed() {
        RevocationWatch watch = new RevocationWatch();
        NoticedRevocation byRenewal = RevocationWatch.refused(RevocationPath.REFUSED_RENEWAL, held, REVOKED_AT);
        NoticedRevocation byReconnect = RevocationWatch.refused(RevocationPath.REFUSED_RECONNECT, held, REVOKED_AT);

        assertThat(watch.claim(byRenewal)).isTrue();
        assertThat(watch.claim(byReconnect)).isFalse();
        assertThat(watch.noticed()).contains(byRenewal);
    }

    private static RevocationNotice notice(String serial) {
        return new RevocationNotice(DEVICE, serial, RevocationReason.KEY_COMPROMISE, REVOKED_AT);
    }
}
