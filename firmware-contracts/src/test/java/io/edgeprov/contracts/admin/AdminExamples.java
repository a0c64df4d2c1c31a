package io.edgeprov.contracts.admin;

import io.edgeprov.contracts.admin.AdminData.Alert;
import io.edgeprov.contracts.admin.AdminData.AlertKind;
import io.edgeprov.contracts.admin.AdminData.AuditDetail;
import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.contracts.admin.AdminData.BreakGlassState;
import io.edgeprov.contracts.admin.AdminData.CauseCount;
import io.edgeprov.contracts.admin.AdminData.CertificateRow;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.DeviceStatus;
import io.edgeprov.contracts.admin.AdminData.EnrollmentKind;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminData.ImportOutcome;
import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.contracts.admin.AdminData.RateBucket;
import io.edgeprov.contracts.admin.AdminData.RefusalRow;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.device.RevocationReason;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One example of every admin message, the source of the golden vectors (names are the file names). */
final class AdminExamples {
    static final String EK = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    static final Instant T = Instant.parse("2026-12-06T10:15:30.250Z");

    private AdminExamples() {
    }

    static DeviceRow row() {
        return new DeviceRow("SN-000042", DeviceStatus.ACTIVE, "L-2026-11", "group-acme", T.minusSeconds(60),
                T.plusSeconds(86_400), 3, 1, "EK_NOT_ALLOWED");
    }

    static DashboardStats stats() {
        return new DashboardStats(T, List.of(new RateBucket(T.minusSeconds(120), 12, 40), new RateBucket(T.minusSeconds(60), 9, 38)),
                List.of(new CauseCount("EK_NOT_ALLOWED", 4), new CauseCount("RATE_LIMITED", 1)), 100_000, 12, 340, 7, 3L,
                List.of(alert()));
    }

    static Alert alert() {
        return new Alert("bg-alice-1", AlertKind.BREAK_GLASS, T, "alice took break-glass for 30 minutes: line 3 stuck");
    }

    static BreakGlassState breakGlass() {
        return new BreakGlassState("line 3 stuck, technician absent", T, T.plusSeconds(1800),
                List.of(AdminPermission.ONBOARD, AdminPermission.APPROVE));
    }

    static AuditRow auditRow() {
        return new AuditRow(1234, T, "operator:alice", "device.revoke", "SN-000042", "SUCCESS", "OK",
                List.of(new AuditDetail("reason", "keyCompromise")));
    }

    /** Name to message, in a stable order. */
    static Map<String, Record> all() {
        Map<String, Record> m = new LinkedHashMap<>();
        m.put("whoami", new AdminRequest.WhoAmI("r-1"));
        m.put("whoami-reply", new AdminReply.WhoAmIReply("r-1", "alice", AdminRole.OPERATOR,
                List.of(AdminPermission.VIEW, AdminPermission.REVOKE, AdminPermission.POLICY), breakGlass()));
        m.put("fleet-page", new AdminRequest.FleetPage("r-2", new FleetFilter("L-2026", List.of(DeviceStatus.ACTIVE)),
                FleetSort.CERTIFICATE_EXPIRY, false, "Y2VydDoxNzY1MDE", 200));
        m.put("fleet-page-first", new AdminRequest.FleetPage("r-3", FleetFilter.all(), FleetSort.DEVICE_ID, false, null, 500));
        m.put("fleet-page-reply", new AdminReply.FleetPageReply("r-2", List.of(row(),
                new DeviceRow("SN-000043", DeviceStatus.PENDING, null, null, null, null, 0, 0, null)), 2, "U04tMDAwMDQz"));
        m.put("device-detail", new AdminRequest.DeviceDetail("r-4", "SN-000042"));
        m.put("device-detail-reply", new AdminReply.DeviceDetailReply("r-4", row(),
                List.of(new CertificateRow("1a2b3c", T.minusSeconds(86_400), T.plusSeconds(86_400), false, null, null),
                        new CertificateRow("0f", T.minusSeconds(172_800), T, true, T.minusSeconds(86_400), RevocationReason.SUPERSEDED)),
                new EnrollmentRow("group-acme", EnrollmentKind.GROUP, true, "SN-[0-9]{6}", "local:root", T.minusSeconds(7200), 5000),
                List.of(auditRow()), List.of(new RefusalRow(T, "EK_NOT_ALLOWED", "no enrollment admits this EK"))));
        m.put("allow-device", new AdminRequest.AllowDevice("r-5", "SN-000044", EK));
        m.put("allow-device-reply", new AdminReply.AllowDeviceReply("r-5", "device-SN-000044"));
        m.put("batch-import", new AdminRequest.BatchImport("r-6", "serial,ek_sha256\nSN-1," + EK + "\nSN-2,xyz\n", false));
        m.put("batch-import-reply", new AdminReply.BatchImportReply("r-6", false, 1, 1, 0, List.of(
                new ImportLine(2, "SN-1", ImportOutcome.VALID, "ok"),
                new ImportLine(3, "SN-2", ImportOutcome.INVALID, "ek_sha256 is not 64 lower-case hex digits"))));
        m.put("group-list", new AdminRequest.GroupList("r-7"));
        m.put("group-list-reply", new AdminReply.GroupListReply("r-7", List.of(
                new EnrollmentRow("group-acme", EnrollmentKind.GROUP, false, "SN-.*", "operator:bob", T, 12))));
        m.put("group-set-enabled", new AdminRequest.GroupSetEnabled("r-8", "group-acme", false));
        m.put("group-set-enabled-reply", new AdminReply.GroupSetEnabledReply("r-8", "group-acme", false));
        m.put("group-devices", new AdminRequest.GroupDevices("r-9", "group-acme", null, 100));
        m.put("pending-list", new AdminRequest.PendingList("r-10", null, 50));
        m.put("pending-list-reply", new AdminReply.PendingListReply("r-10", List.of(
                new PendingRow("SN-000099", EK, "infineon", T.minusSeconds(300), T, 2)), 1, null));
        m.put("pending-decide", new AdminRequest.PendingDecide("r-11", "SN-000099", AdminRequest.Decision.APPROVE,
                "box checked on the line"));
        m.put("pending-decide-reply", new AdminReply.PendingDecideReply("r-11", "SN-000099", AdminRequest.Decision.APPROVE,
                "device-SN-000099"));
        m.put("revocation-preview-lot", new AdminRequest.RevocationPreview("r-12", RevocationTarget.lot("L-2026-11")));
        m.put("revocation-preview-search", new AdminRequest.RevocationPreview("r-13",
                RevocationTarget.search(new FleetFilter("SN-0000", List.of(DeviceStatus.ACTIVE)))));
        m.put("revocation-preview-reply", new AdminReply.RevocationPreviewReply("r-12", "lot:L-2026-11", 2, 3, 1,
                List.of("SN-000042", "SN-000043")));
        m.put("revoke-list", new AdminRequest.Revoke("r-14", RevocationTarget.list(List.of("SN-000042", "SN-000043")),
                RevocationReason.KEY_COMPROMISE, "leaked on a bench", 2));
        m.put("revoke-device", new AdminRequest.Revoke("r-15", RevocationTarget.device("SN-000042"),
                RevocationReason.CESSATION_OF_OPERATION, null, 1));
        m.put("revoke-reply", new AdminReply.RevokeReply("r-14", 2, 3, 0));
        m.put("audit-page", new AdminRequest.AuditPage("r-16", "operator:alice", "device.revoke", "SN-000042",
                T.minusSeconds(3600), T, null, 100));
        m.put("audit-page-reply", new AdminReply.AuditPageReply("r-16", List.of(auditRow()), "MTIzMw"));
        m.put("audit-verify", new AdminRequest.AuditVerify("r-17"));
        m.put("audit-verify-reply", new AdminReply.AuditVerifyReply("r-17", false, 1234, 17L,
                "entry 17's hash does not match its fields"));
        m.put("dashboard", new AdminRequest.Dashboard("r-18"));
        m.put("dashboard-reply", new AdminReply.DashboardReply("r-18", stats()));
        m.put("break-glass-take", new AdminRequest.BreakGlassTake("r-19", "line 3 stuck, technician absent", 1800));
        m.put("break-glass-reply", new AdminReply.BreakGlassReply("r-19", breakGlass()));
        m.put("break-glass-release", new AdminRequest.BreakGlassRelease("r-20"));
        m.put("break-glass-released-reply", new AdminReply.BreakGlassReply("r-20", null));
        m.put("rejection", new AdminRejection("r-14", AdminErrorCode.NOT_PERMITTED, "technician may not revoke"));
        m.put("rejection-unreadable", new AdminRejection("", AdminErrorCode.MALFORMED, "$ SYNTAX: not well-formed JSON at offset 3"));
        m.put("event-devices-changed", new AdminEvent.DevicesChanged(List.of("SN-000042", "SN-000043"), false));
        m.put("event-stats", new AdminEvent.StatsTick(stats()));
        m.put("event-alert-raised", new AdminEvent.AlertRaised(alert()));
        m.put("event-alert-cleared", new AdminEvent.AlertCleared("bg-alice-1"));
        return m;
    }
}
