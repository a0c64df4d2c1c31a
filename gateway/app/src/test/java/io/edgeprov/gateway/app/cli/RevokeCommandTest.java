package io.edgeprov.gateway.app.cli;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.core.revocation.RevocationService;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.pki.keys.Pkcs12CaKeyStore;
import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509CRL;
import java.security.cert.X509CRLEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.security.cert.CRLReason;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevokeCommandTest {
    @TempDir
    static Path folder;
    static Path gateway;
    static Path config;
    static Pkcs12CaKeyStore ca;

    @BeforeAll
    static void given_an_initialized_gateway() throws Exception {
        gateway = folder.resolve("gw");
        config = GivenGateway.initialized(gateway);
        ca = GivenGateway.gatewayCa(gateway);
    }

    @AfterAll
    static void close_the_ca() {
        ca.close();
    }

    private static GivenGateway.Device givenRecordedDevice(String id) throws Exception {
        GivenGateway.Device device = GivenGateway.deviceCertificate(ca, id);
        GivenGateway.recordIn(gateway, device);
        return device;
    }

    @Test
    void revoke_records_the_revocation_in_the_registry() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-r1");

        CliRun.Outcome outcome = revoke("dev-r1", "keyCompromise");

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(outcome.out()).contains("revoked dev-r1: 1 certificate(s), serial(s) " + device.serialHex());
        assertThat(revocationReasonInRegistry(device.serialHex())).isEqualTo("KEY_COMPROMISE");
    }

    @Test
    void revoke_writes_a_crl_signed_by_the_gateway_ca_that_lists_the_serial_with_its_reason() throws Exception {
        GivenGateway.Device device = givenRecordedDevice("dev-r2");

        revoke("dev-r2", "keyCompromise");

        X509CRL crl = crl(Files.readAllBytes(gateway.resolve("data").resolve("crl.der")));
        crl.verify(ca.publicKey());
        assertThat(crl.getIssuerX500Principal()).isEqualTo(ca.certificate().getSubjectX500Principal());
        X509CRLEntry entry = crl.getRevokedCertificate(new BigInteger(device.serialHex(), 16));
        assertThat(entry).isNotNull();
        assertThat(entry.getRevocationReason()).isEqualTo(CRLReason.KEY_COMPROMISE);
    }

    @Test
    void each_revocation_writes_a_crl_with_a_higher_number() throws Exception {
        givenRecordedDevice("dev-r3");
        givenRecordedDevice("dev-r4");
        revoke("dev-r3", "keyCompromise");
        BigInteger first = crlNumber();

        revoke("dev-r4", "cessationOfOperation");

        assertThat(crlNumber()).isGreaterThan(first);
    }

    @Test
    void revoke_of_a_device_without_a_current_certificate_fails_with_exit_1() {
        CliRun.Outcome outcome = revoke("dev-none", "keyCompromise");

        assertThat(outcome.exit()).isEqualTo(1);
        assertThat(outcome.out()).contains("not revoked: device dev-none is not known to this registry");
    }

    @Test
    void revoke_records_the_decision_with_its_note_actor_and_a_queued_event() throws Exception {
        givenRecordedDevice("dev-r6");

        CliRun.Outcome outcome = CliRun.run("revoke", "--config", config.toString(), "--device", "dev-r6", "--reason",
                "keyCompromise", "--note", "casing opened at the customer site");

        assertThat(outcome.exit()).as(outcome.all()).isZero();
        assertThat(outcome.out()).contains("queued for upstream");
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.resolve("data").resolve("registry.db"));
                PreparedStatement ps = c.prepareStatement("SELECT r.actor, r.note, r.origin, o.event_id FROM revocation r"
                        + " JOIN outbox o ON o.event_id = r.event_id WHERE r.device_id = ?")) {
            ps.setString(1, "dev-r6");
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).as("a revocation row with its outbox event").isTrue();
                assertThat(rs.getString("actor")).startsWith("local:");
                assertThat(rs.getString("note")).isEqualTo("casing opened at the customer site");
                assertThat(rs.getString("origin")).isEqualTo("local");
            }
        }
    }

    @Test
    void a_note_on_several_lines_is_a_usage_error() {
        CliRun.Outcome outcome = CliRun.run("revoke", "--config", config.toString(), "--device", "dev-r7", "--reason",
                "keyCompromise", "--note", "line one\nline two");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--note");
    }

    @Test
    void revoke_with_an_unknown_reason_is_a_usage_error_listing_the_allowed_ones() {
        CliRun.Outcome outcome = revoke("dev-r5", "stolen");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("--reason: 'stolen' is not one of").contains("keyCompromise");
    }

    @Test
    void help_and_errors_spell_every_reason_the_same_way_and_say_when_a_running_gateway_acts() {
        CliRun.Outcome help = CliRun.run("revoke", "--help");
        CliRun.Outcome wrong = revoke("dev-r8", "compromised");

        for (RevocationReason reason : RevocationService.DEVICE_REASONS) {
            assertThat(help.out()).as("help names %s", reason).contains(reason.rfcName());
            assertThat(wrong.err()).as("the error names %s", reason).contains(reason.rfcName());
        }
        assertThat(help.out() + wrong.err()).doesNotContain("caCompromise");
        assertThat(help.out()).doesNotContain("hourly").contains("within a second");
    }

    @Test
    void revoking_a_device_twice_is_harmless_and_says_so() throws Exception {
        givenRecordedDevice("dev-twice");
        revoke("dev-twice", "keyCompromise");

        CliRun.Outcome again = revoke("dev-twice", "keyCompromise");

        assertThat(again.exit()).as(again.all()).isZero();
        assertThat(again.out()).contains("device dev-twice is already revoked: nothing to do");
    }

    @Test
    void a_batch_shows_its_count_first_and_runs_only_with_yes() throws Exception {
        GivenGateway.Device a = givenRecordedDevice("lotdev-a");
        givenRecordedDevice("lotdev-b");
        givenRecordedDevice("other-c");
        CliRun.Outcome labelled = CliRun.run("lot", "--config", config.toString(), "--lot", "L-2026-11", "--device", "lotdev-a");
        Path file = folder.resolve("lot-b.txt");
        Files.writeString(file, "# second tray\nlotdev-b\n\n");
        CliRun.run("lot", "--config", config.toString(), "--lot", "L-2026-11", "--devices-file", file.toString());

        CliRun.Outcome dryRun = CliRun.run("revoke", "--config", config.toString(), "--lot", "L-2026-11", "--reason",
                "keyCompromise", "--dry-run");
        CliRun.Outcome withoutYes = CliRun.run("revoke", "--config", config.toString(), "--lot", "L-2026-11", "--reason",
                "keyCompromise");
        String reasonBefore = revocationReasonInRegistry(a.serialHex());
        CliRun.Outcome withYes = CliRun.run("revoke", "--config", config.toString(), "--lot", "L-2026-11", "--reason",
                "keyCompromise", "--yes");
        CliRun.Outcome repeated = CliRun.run("revoke", "--config", config.toString(), "--lot", "L-2026-11", "--reason",
                "keyCompromise", "--yes");

        assertThat(labelled.out()).as(labelled.all()).contains("labelled 1 device(s) with lot L-2026-11");
        assertThat(dryRun.out()).as(dryRun.all()).contains("lot:L-2026-11: 2 device(s) to cut off (2 certificate(s))")
                .contains("would cut off lotdev-a").contains("dry run: nothing revoked");
        assertThat(withoutYes.exit()).isEqualTo(1);
        assertThat(withoutYes.out()).contains("a batch runs only with --yes");
        assertThat(reasonBefore).as("neither the dry run nor the unconfirmed batch revoked anything").isNull();
        assertThat(withYes.exit()).as(withYes.all()).isZero();
        assertThat(withYes.out()).contains("revoked 2 device(s), 2 certificate(s), reason keyCompromise");
        assertThat(revocationReasonInRegistry(a.serialHex())).isEqualTo("KEY_COMPROMISE");
        assertThat(repeated.out()).as(repeated.all()).contains("0 device(s) to cut off").contains("2 already revoked")
                .contains("nothing to revoke");
        assertThat(repeated.exit()).isZero();
    }

    @Test
    void a_serial_pattern_batch_takes_only_matching_devices_and_a_bad_pattern_is_a_usage_error() throws Exception {
        givenRecordedDevice("pat-1");
        givenRecordedDevice("pat-2");

        CliRun.Outcome preview = CliRun.run("revoke", "--config", config.toString(), "--serial-pattern", "pat-[0-9]",
                "--reason", "superseded", "--dry-run");
        CliRun.Outcome bad = CliRun.run("revoke", "--config", config.toString(), "--serial-pattern", "pat-[",
                "--reason", "superseded", "--dry-run");
        CliRun.Outcome two = CliRun.run("revoke", "--config", config.toString(), "--device", "pat-1", "--lot", "x",
                "--reason", "superseded");

        assertThat(preview.out()).as(preview.all()).contains("pattern:pat-[0-9]: 2 device(s) to cut off");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("not a regular expression");
        assertThat(two.exit()).isEqualTo(2);
        assertThat(two.err()).contains("mutually exclusive");
    }

    @Test
    void a_devices_file_with_a_bad_line_names_the_line() throws Exception {
        Path file = folder.resolve("bad.txt");
        Files.writeString(file, "dev-ok\nnot a device\n");

        CliRun.Outcome outcome = CliRun.run("revoke", "--config", config.toString(), "--devices-file", file.toString(),
                "--reason", "superseded", "--dry-run");

        assertThat(outcome.exit()).isEqualTo(2);
        assertThat(outcome.err()).contains("line 2: not a device id");
    }

    @Test
    void a_hold_is_released_by_unrevoke_and_leaves_the_next_crl_while_other_reasons_are_final() throws Exception {
        GivenGateway.Device held = givenRecordedDevice("dev-hold");
        givenRecordedDevice("dev-final");
        revoke("dev-hold", "certificateHold");
        revoke("dev-final", "keyCompromise");
        boolean listedWhileHeld = crl(Files.readAllBytes(gateway.resolve("data").resolve("crl.der")))
                .getRevokedCertificate(new BigInteger(held.serialHex(), 16)) != null;

        CliRun.Outcome released = CliRun.run("unrevoke", "--config", config.toString(), "--device", "dev-hold", "--note", "found");
        CliRun.Outcome refused = CliRun.run("unrevoke", "--config", config.toString(), "--device", "dev-final");

        assertThat(listedWhileHeld).isTrue();
        assertThat(released.exit()).as(released.all()).isZero();
        assertThat(released.out()).contains("released dev-hold from hold: 1 certificate(s) in force again, serial(s) " + held.serialHex());
        assertThat(revocationReasonInRegistry(held.serialHex())).isNull();
        assertThat(crl(Files.readAllBytes(gateway.resolve("data").resolve("crl.der")))
                .getRevokedCertificate(new BigInteger(held.serialHex(), 16))).as("the new CRL omits the released certificate").isNull();
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.out()).contains("not released").contains("KEY_COMPROMISE, which is final");
    }

    private static CliRun.Outcome revoke(String deviceId, String reason) {
        return CliRun.run("revoke", "--config", config.toString(), "--device", deviceId, "--reason", reason);
    }

    private static BigInteger crlNumber() throws Exception {
        X509CRL crl = crl(Files.readAllBytes(gateway.resolve("data").resolve("crl.der")));
        byte[] extension = crl.getExtensionValue("2.5.29.20");
        // OCTET STRING wrapping an INTEGER: skip both headers (short lengths for any realistic number).
        return new BigInteger(java.util.Arrays.copyOfRange(extension, 4, extension.length));
    }

    private static X509CRL crl(byte[] der) throws Exception {
        return (X509CRL) CertificateFactory.getInstance("X.509").generateCRL(new ByteArrayInputStream(der));
    }

    private static String revocationReasonInRegistry(String serialHex) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + gateway.resolve("data").resolve("registry.db"));
                PreparedStatement ps = c.prepareStatement("SELECT revocation_reason FROM certificate WHERE serial_hex = ?")) {
            ps.setString(1, serialHex);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : "no row";
            }
        }
    }
}
