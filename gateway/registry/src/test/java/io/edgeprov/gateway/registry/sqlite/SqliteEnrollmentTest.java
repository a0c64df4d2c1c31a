package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.enrollment.EnrollmentOutcome;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.enrollment.GatewayFixture;
import io.edgeprov.gateway.core.enrollment.TestDevice;

import static io.edgeprov.gateway.core.enrollment.GatewayFixture.accepted;
import static io.edgeprov.gateway.core.enrollment.GatewayFixture.identityOf;
import static io.edgeprov.gateway.core.enrollment.GatewayFixture.x509;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenAuditedRefusal;
import static io.edgeprov.gateway.core.enrollment.Outcomes.thenRefused;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.identity.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The same use cases over the SQLite registry, where the V2 columns must carry what finish and renew need. */
class SqliteEnrollmentTest {

    @TempDir
    Path folder;

    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void a_device_enrolls_over_sqlite_and_its_certificate_and_attested_keys_are_stored() throws Exception {
        gateway = sqliteGateway();
        TestDevice device = TestDevice.rsa("sensor-1");
        gateway.givenIndividualEnrollment(device);

        CredentialBundle bundle = gateway.enroll(device);

        assertThat(gateway.certificates.findBySerial(x509(bundle.certificate()).getSerialNumber().toString(16)))
                .isPresent();
        DeviceRecord record = gateway.devices.find("sensor-1").orElseThrow();
        assertThat(record.attestedKeys()).isPresent();
    }

    @Test
    void a_device_renews_over_sqlite_with_the_same_key_then_with_a_new_tpm_key() throws Exception {
        gateway = sqliteGateway();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        CredentialBundle first = gateway.enroll(device);

        CredentialBundle same = accepted(gateway.service.renew(identityOf("sensor-1", first), device.renewSameKey())
                .join());
        CredentialBundle rotated = accepted(gateway.service.renew(identityOf("sensor-1", same), device.renewNewKey())
                .join());

        assertThat(x509(rotated.certificate()).getPublicKey().getEncoded()).isEqualTo(device.currentKey().getEncoded());
        assertThat(gateway.devices.find("sensor-1").orElseThrow().renewalCount()).isEqualTo(2);
    }

    @Test
    void a_replayed_challenge_is_refused_over_sqlite() throws Exception {
        gateway = sqliteGateway();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        AttestationFinish finish = device.finish(gateway.challengeFor(device));
        gateway.service.finish("sensor-1", finish).join();

        EnrollmentOutcome<CredentialBundle> again = gateway.service.finish("sensor-1", finish).join();

        thenRefused(again, EnrollmentRefusal.CHALLENGE_REPLAYED, WireErrorCode.CHALLENGE_REPLAYED);
        thenAuditedRefusal(gateway, "sensor-1", "attestation.finish", EnrollmentRefusal.CHALLENGE_REPLAYED);
    }

    @Test
    void the_challenge_row_keeps_neither_the_secret_nor_the_secret_proof() throws Exception {
        gateway = sqliteGateway();
        TestDevice device = TestDevice.ecc("sensor-1");
        gateway.givenIndividualEnrollment(device);
        gateway.enroll(device);

        List<String> stored = challengeColumnsAsHex();

        assertThat(stored).isNotEmpty();
        String secret = HexFormat.of().formatHex(device.lastSecret());
        String proof = HexFormat.of().formatHex(device.lastProof());
        assertThat(stored).noneMatch(value -> value.contains(secret) || value.contains(proof));
    }

    private GatewayFixture sqliteGateway() throws Exception {
        MutableClock clock = new MutableClock();
        ExecutorService completions = Executors.newFixedThreadPool(2);
        SqliteRegistry registry = SqliteRegistry.open(new SqliteRegistryConfig(folder.resolve("registry.db"),
                Durability.NORMAL, 500, 2, Duration.ofSeconds(5)), clock, completions);
        return GatewayFixture.over(clock, new GatewayFixture.Stores(registry.enrollments(), registry.devices(),
                registry.challenges(), registry.certificates(), registry.auditLog(), registry.commands(), () -> {
                    registry.close();
                    completions.shutdown();
                    completions.awaitTermination(5, TimeUnit.SECONDS);
                }));
    }

    private List<String> challengeColumnsAsHex() throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + folder.resolve("registry.db"));
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT * FROM challenge")) {
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    byte[] bytes = rs.getBytes(i);
                    values.add(bytes == null ? "" : HexFormat.of().formatHex(bytes));
                }
            }
        }
        return values;
    }
}
