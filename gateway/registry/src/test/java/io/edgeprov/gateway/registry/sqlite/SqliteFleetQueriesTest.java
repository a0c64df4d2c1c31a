package io.edgeprov.gateway.registry.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.fleet.AuditQuery;
import io.edgeprov.gateway.core.fleet.DeviceSummary;
import io.edgeprov.gateway.core.fleet.FleetCursor;
import io.edgeprov.gateway.core.fleet.FleetFilter;
import io.edgeprov.gateway.core.fleet.FleetOrder;
import io.edgeprov.gateway.core.fleet.FleetQuery;
import io.edgeprov.gateway.core.fleet.Page;
import io.edgeprov.gateway.core.fleet.PendingDevice;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admin plane's queries over a 100,000-device registry: every answer is one page (row counts asserted, not
 * timings), keyset pages cover the fleet without overlap, filters and totals agree.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SqliteFleetQueriesTest {
    private static final int DEVICES = 100_000;

    private Path folder;
    private RegistryFixture fixture;
    private SqliteRegistry registry;

    @BeforeAll
    void fillRegistry(@TempDir Path folder) throws Exception {
        this.folder = folder;
        fixture = new RegistryFixture(folder);
        fixture.open().close();
        // Bulk rows straight into the file (one transaction): the queries under test only read.
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + fixture.file())) {
            c.setAutoCommit(false);
            try (PreparedStatement device = c.prepareStatement(
                    "INSERT INTO device (device_id, state, last_seen_ms, renewal_count) VALUES (?, ?, ?, 0)");
                    PreparedStatement lot = c.prepareStatement(
                            "INSERT INTO device_lot (device_id, lot, assigned_by, assigned_at_ms) VALUES (?, ?, 'test', 0)");
                    PreparedStatement enrolled = c.prepareStatement(
                            "INSERT INTO device_enrollment (device_id, enrollment_id, admitted_at_ms) VALUES (?, ?, 0)")) {
                for (int i = 0; i < DEVICES; i++) {
                    String id = String.format("SN-%06d", i);
                    device.setString(1, id);
                    device.setString(2, i % 10 == 0 ? "REVOKED" : "ACTIVE");
                    if (i % 3 == 0) {
                        device.setNull(3, java.sql.Types.INTEGER);
                    } else {
                        device.setLong(3, 1_000_000L + (i % 977));
                    }
                    device.addBatch();
                    if (i < 1000) {
                        lot.setString(1, id);
                        lot.setString(2, "L-LOT7");
                        lot.addBatch();
                    }
                    enrolled.setString(1, id);
                    enrolled.setString(2, i < 5000 ? "group-acme" : "group-other");
                    enrolled.addBatch();
                }
                device.executeBatch();
                lot.executeBatch();
                enrolled.executeBatch();
            }
            c.commit();
        }
        registry = fixture.open();
    }

    @AfterAll
    void close() throws Exception {
        registry.close();
        fixture.close();
    }

    @Test
    void a_page_holds_at_most_its_size_and_counts_the_whole_fleet() {
        Page<DeviceSummary> page = registry.fleetQueries().devices(new FleetQuery(FleetFilter.all(), FleetOrder.DEVICE_ID,
                false, Optional.empty(), 500));

        assertThat(page.rows()).hasSize(500);
        assertThat(page.total()).isEqualTo(DEVICES);
        assertThat(page.rows().get(0).deviceId()).isEqualTo("SN-000000");
        assertThat(page.next()).isPresent();
    }

    @Test
    void keyset_pages_sorted_by_last_seen_cover_a_filtered_result_exactly_once() {
        FleetFilter revoked = new FleetFilter(Optional.empty(), Set.of(DeviceState.REVOKED));
        Set<String> seen = new HashSet<>();
        Optional<FleetCursor> after = Optional.empty();
        int pages = 0;
        long previous = Long.MIN_VALUE;
        do {
            Page<DeviceSummary> page = registry.fleetQueries().devices(new FleetQuery(revoked, FleetOrder.LAST_SEEN, false,
                    after, 500));
            assertThat(page.rows()).hasSizeLessThanOrEqualTo(500);
            assertThat(page.total()).isEqualTo(DEVICES / 10);
            for (DeviceSummary row : page.rows()) {
                assertThat(seen.add(row.deviceId())).as("row %s seen once", row.deviceId()).isTrue();
                assertThat(row.state()).isEqualTo(DeviceState.REVOKED);
                long key = row.lastSeen().map(Instant::toEpochMilli).orElse(-1L);
                assertThat(key).isGreaterThanOrEqualTo(previous);
                previous = key;
            }
            after = page.next();
            pages++;
        } while (after.isPresent());

        assertThat(seen).hasSize(DEVICES / 10);
        assertThat(pages).isEqualTo(20);
    }

    @Test
    void descending_pages_continue_where_the_last_one_ended() {
        Page<DeviceSummary> first = registry.fleetQueries().devices(new FleetQuery(FleetFilter.all(), FleetOrder.DEVICE_ID,
                true, Optional.empty(), 3));
        Page<DeviceSummary> second = registry.fleetQueries().devices(new FleetQuery(FleetFilter.all(), FleetOrder.DEVICE_ID,
                true, first.next(), 3));

        assertThat(first.rows()).extracting(DeviceSummary::deviceId).containsExactly("SN-099999", "SN-099998", "SN-099997");
        assertThat(second.rows()).extracting(DeviceSummary::deviceId).containsExactly("SN-099996", "SN-099995", "SN-099994");
    }

    @Test
    void text_search_matches_serial_lot_and_enrollment() {
        FleetQueriesAssert.total(registry, "SN-0000", 100);
        FleetQueriesAssert.total(registry, "lot7", 1000);
        FleetQueriesAssert.total(registry, "group-acme", 5000);
        FleetQueriesAssert.total(registry, "100%", 0);

        assertThat(registry.fleetQueries().deviceIds(new FleetFilter(Optional.of("lot7"), Set.of()), 10_000)).hasSize(1000);
    }

    @Test
    void devices_of_an_enrollment_page_and_count() {
        Page<DeviceSummary> page = registry.fleetQueries().admittedBy("group-acme", Optional.empty(), 200);

        assertThat(page.rows()).hasSize(200);
        assertThat(page.total()).isEqualTo(5000);
        assertThat(registry.fleetQueries().admittedCounts()).containsEntry("group-acme", 5000L)
                .containsEntry("group-other", (long) DEVICES - 5000);
    }

    @Test
    void the_enrollment_that_admitted_a_device_comes_from_its_attestation_audit_entry(@TempDir Path other) throws Exception {
        try (RegistryFixture small = new RegistryFixture(other); SqliteRegistry fresh = small.open()) {
            RegistryFixture.withDevice(fresh, "SN-1");
            fresh.auditLog().append(AuditEvent.of(RegistryFixture.NOW, "SN-1", "attestation.begin", "SN-1",
                    AuditOutcome.SUCCESS, "OK").withDetail("challengeId", "c1").withDetail("ekSha256", "ab")
                    .withDetail("enrollment", "device-SN-1")).join();
            fresh.auditLog().append(AuditEvent.of(RegistryFixture.NOW, "SN-1", "attestation.begin", "SN-1",
                    AuditOutcome.DENIED, "NOT_ENROLLED").withDetail("enrollment", "group-x")).join();

            assertThat(fresh.fleetQueries().device("SN-1").orElseThrow().enrollmentId()).contains("device-SN-1");
        }
    }

    @Test
    void the_dashboard_counts_a_device_once_by_its_newest_certificate_and_issuance_by_its_audit_action(@TempDir Path other)
            throws Exception {
        try (RegistryFixture small = new RegistryFixture(other); SqliteRegistry fresh = small.open()) {
            for (String id : List.of("SN-1", "SN-2", "SN-3")) {
                RegistryFixture.withDevice(fresh, id);
            }
            try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + small.file());
                    PreparedStatement certificate = c.prepareStatement("INSERT INTO certificate (serial_hex, device_id,"
                            + " not_before_ms, not_after_ms, der, issued_at_ms, revoked_at_ms, revocation_reason)"
                            + " VALUES (?, ?, 0, ?, x'30', 0, ?, ?)")) {
                // SN-1 renewed: its old certificate lapses within the hour, its new one in 20 h
                Object[][] rows = {{"01", "SN-1", 30, null}, {"02", "SN-1", 20 * 60, null}, {"03", "SN-2", 45, null},
                        {"04", "SN-3", 10, "keyCompromise"}};
                for (Object[] row : rows) {
                    certificate.setString(1, (String) row[0]);
                    certificate.setString(2, (String) row[1]);
                    certificate.setLong(3, RegistryFixture.NOW.plusSeconds(60L * (Integer) row[2]).toEpochMilli());
                    if (row[3] == null) {
                        certificate.setNull(4, java.sql.Types.INTEGER);
                        certificate.setNull(5, java.sql.Types.VARCHAR);
                    } else {
                        certificate.setLong(4, RegistryFixture.NOW.toEpochMilli());
                        certificate.setString(5, (String) row[3]);
                    }
                    certificate.executeUpdate();
                }
            }
            for (String action : List.of("certificate.issue", "certificate.issue", "certificate.renew")) {
                fresh.auditLog().append(AuditEvent.of(RegistryFixture.NOW, "gateway", action, "SN-1", AuditOutcome.SUCCESS, "OK"))
                        .join();
            }
            fresh.auditLog().append(AuditEvent.of(RegistryFixture.NOW, "SN-2", "attestation.finish", "SN-2",
                    AuditOutcome.DENIED, "EVIDENCE_INVALID")).join();

            Instant now = RegistryFixture.NOW;
            assertThat(fresh.fleetQueries().certificatesExpiring(now, now.plusSeconds(3600))).as("SN-2 only").isEqualTo(1);
            assertThat(fresh.fleetQueries().certificatesExpiring(now, now.plusSeconds(86_400))).as("SN-1 and SN-2").isEqualTo(2);
            assertThat(fresh.fleetQueries().issuancePerMinute(now.minusSeconds(3600))).singleElement()
                    .satisfies(minute -> {
                        assertThat(minute.issued()).isEqualTo(2);
                        assertThat(minute.renewed()).isEqualTo(1);
                    });
        }
    }

    @Test
    void a_device_row_counts_its_refusals_in_the_window_and_names_the_latest(@TempDir Path other) throws Exception {
        try (RegistryFixture small = new RegistryFixture(other); SqliteRegistry fresh = small.open()) {
            Instant now = RegistryFixture.NOW;
            Object[][] entries = {{"SN-1", 30 * 3600, "attestation.begin", AuditOutcome.DENIED, "NOT_ENROLLED"},
                    {"SN-1", 3600, "attestation.begin", AuditOutcome.DENIED, "EK_CERT_UNTRUSTED"},
                    {"SN-1", 60, "attestation.finish", AuditOutcome.DENIED, "EVIDENCE_INVALID"},
                    {"SN-1", 30, "certificate.renew", AuditOutcome.SUCCESS, "OK"},
                    {"SN-2", 120, "certificate.renew", AuditOutcome.DENIED, "DEVICE_REVOKED"},
                    {"SN-3", 60, "certificate.renew", AuditOutcome.SUCCESS, "OK"}};
            for (Object[] e : entries) {
                fresh.auditLog().append(AuditEvent.of(now.minusSeconds((Integer) e[1]), (String) e[0], (String) e[2],
                        (String) e[0], (AuditOutcome) e[3], (String) e[4])).join();
            }

            var tallies = fresh.fleetQueries().deviceRefusalsSince(List.of("SN-1", "SN-2", "SN-3", "SN-4"),
                    now.minusSeconds(24 * 3600));

            assertThat(tallies).containsOnlyKeys("SN-1", "SN-2");
            assertThat(tallies.get("SN-1").count()).as("the refusal of 30 h ago is outside the window").isEqualTo(2);
            assertThat(tallies.get("SN-1").lastCode()).isEqualTo("EVIDENCE_INVALID");
            assertThat(tallies.get("SN-2").lastCode()).isEqualTo("DEVICE_REVOKED");
        }
    }

    @Test
    void audit_pages_filter_by_actor_and_continue_by_sequence() {
        for (int i = 0; i < 30; i++) {
            registry.auditLog().append(AuditEvent.of(RegistryFixture.NOW, i % 2 == 0 ? "operator:alice" : "operator:bob",
                    "device.revoke", "SN-" + i, AuditOutcome.SUCCESS, "OK")).join();
        }
        var first = registry.fleetQueries().audit(new AuditQuery(Optional.of("operator:alice"), Optional.empty(),
                Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), 10));
        var second = registry.fleetQueries().audit(new AuditQuery(Optional.of("operator:alice"), Optional.empty(),
                Optional.empty(), Optional.of(RegistryFixture.NOW.minusSeconds(60)), Optional.empty(),
                Optional.of(first.get(first.size() - 1).sequence()), 10));

        assertThat(first).hasSize(10).allMatch(e -> e.event().actor().equals("operator:alice"));
        assertThat(second).hasSize(5);
        assertThat(second.get(0).sequence()).isLessThan(first.get(9).sequence());
    }

    @Test
    void the_pending_queue_records_refreshes_pages_and_removes() {
        Sha256Digest ek = Sha256Digest.of(new byte[] {1});
        registry.pendingDevices().record("SN-P1", ek, "infineon", RegistryFixture.NOW).join();
        registry.pendingDevices().record("SN-P2", ek, "infineon", RegistryFixture.NOW.plusSeconds(1)).join();
        registry.pendingDevices().record("SN-P1", ek, "infineon", RegistryFixture.NOW.plusSeconds(5)).join();

        List<PendingDevice> page = registry.pendingDevices().page(Optional.empty(), 1);
        assertThat(page).extracting(PendingDevice::deviceId).containsExactly("SN-P1");
        assertThat(page.get(0).attempts()).isEqualTo(2);
        assertThat(registry.pendingDevices().page(Optional.of(new FleetCursor(
                String.valueOf(page.get(0).firstSeen().toEpochMilli()), "SN-P1")), 10))
                .extracting(PendingDevice::deviceId).containsExactly("SN-P2");
        assertThat(registry.pendingDevices().remove("SN-P1", AuditEvent.of(RegistryFixture.NOW, "operator:t",
                "pending.reject", "SN-P1", AuditOutcome.SUCCESS, "OK")).join()).isTrue();
        assertThat(registry.pendingDevices().count()).isEqualTo(1);
    }

    /** Small helper so the search assertions read as a table. */
    private static final class FleetQueriesAssert {
        static void total(SqliteRegistry registry, String text, long expected) {
            Page<DeviceSummary> page = registry.fleetQueries().devices(new FleetQuery(new FleetFilter(Optional.of(text),
                    Set.of()), FleetOrder.DEVICE_ID, false, Optional.empty(), 50));
            assertThat(page.total()).as(text).isEqualTo(expected);
            assertThat(page.rows()).hasSize((int) Math.min(50, expected));
        }
    }
}
