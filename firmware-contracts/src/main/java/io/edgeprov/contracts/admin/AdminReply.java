package io.edgeprov.contracts.admin;

import io.edgeprov.contracts.admin.AdminData.AuditRow;
import io.edgeprov.contracts.admin.AdminData.BreakGlassState;
import io.edgeprov.contracts.admin.AdminData.CertificateRow;
import io.edgeprov.contracts.admin.AdminData.DashboardStats;
import io.edgeprov.contracts.admin.AdminData.DeviceRow;
import io.edgeprov.contracts.admin.AdminData.EnrollmentRow;
import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.contracts.admin.AdminData.RefusalRow;
import java.util.List;

/** The gateway's answer to an admin request, on the request's {@code accepted} topic. */
public sealed interface AdminReply {

    String requestId();

    /**
     * @param permissions what the operator may do now (the role's, plus break-glass while held)
     * @param breakGlass the break-glass held now, if any
     */
    record WhoAmIReply(String requestId, String operatorId, AdminRole role, List<AdminPermission> permissions,
            @MayBeAbsent BreakGlassState breakGlass) implements AdminReply {
        public WhoAmIReply {
            Check.requestId(requestId);
            Check.operatorId(operatorId, "operatorId");
            Check.present(role, "role");
            permissions = Check.list(permissions, "permissions", AdminPermission.values().length);
        }
    }

    /**
     * @param total devices matching the filter (not only this page)
     * @param nextCursor absent on the last page
     */
    record FleetPageReply(String requestId, List<DeviceRow> rows, long total, @MayBeAbsent String nextCursor)
            implements AdminReply {
        public FleetPageReply {
            Check.requestId(requestId);
            rows = Check.list(rows, "rows", AdminData.MAX_PAGE_SIZE);
            Check.atLeast(total, "total", 0);
            nextCursor = Check.cursor(nextCursor);
        }
    }

    /**
     * @param enrollment the enrollment that admitted it, when known
     * @param audit its latest audit entries (at most 100), newest first
     * @param lastRefusals its latest refusals (at most 20), newest first
     */
    record DeviceDetailReply(String requestId, DeviceRow device, List<CertificateRow> certificates,
            @MayBeAbsent EnrollmentRow enrollment, List<AuditRow> audit, List<RefusalRow> lastRefusals) implements AdminReply {
        public DeviceDetailReply {
            Check.requestId(requestId);
            Check.present(device, "device");
            certificates = Check.list(certificates, "certificates", 1000);
            audit = Check.list(audit, "audit", 100);
            lastRefusals = Check.list(lastRefusals, "lastRefusals", 20);
        }
    }

    record AllowDeviceReply(String requestId, String enrollmentId) implements AdminReply {
        public AllowDeviceReply {
            Check.requestId(requestId);
            Check.enrollmentId(enrollmentId, "enrollmentId");
        }
    }

    /**
     * @param committed whether the valid lines were allowed (only with {@code commit=true} and no invalid line)
     * @param lines one entry per non-blank, non-comment line
     */
    record BatchImportReply(String requestId, boolean committed, int valid, int invalid, int duplicate, List<ImportLine> lines)
            implements AdminReply {
        public BatchImportReply {
            Check.requestId(requestId);
            Check.atLeast(valid, "valid", 0);
            Check.atLeast(invalid, "invalid", 0);
            Check.atLeast(duplicate, "duplicate", 0);
            lines = Check.list(lines, "lines", 10_000);
        }
    }

    record GroupListReply(String requestId, List<EnrollmentRow> groups) implements AdminReply {
        public GroupListReply {
            Check.requestId(requestId);
            groups = Check.list(groups, "groups", 10_000);
        }
    }

    record GroupSetEnabledReply(String requestId, String enrollmentId, boolean enabled) implements AdminReply {
        public GroupSetEnabledReply {
            Check.requestId(requestId);
            Check.enrollmentId(enrollmentId, "enrollmentId");
        }
    }

    record PendingListReply(String requestId, List<PendingRow> rows, long total, @MayBeAbsent String nextCursor)
            implements AdminReply {
        public PendingListReply {
            Check.requestId(requestId);
            rows = Check.list(rows, "rows", AdminData.MAX_PAGE_SIZE);
            Check.atLeast(total, "total", 0);
            nextCursor = Check.cursor(nextCursor);
        }
    }

    /** @param enrollmentId the individual enrollment an approval created */
    record PendingDecideReply(String requestId, String deviceId, AdminRequest.Decision decision,
            @MayBeAbsent String enrollmentId) implements AdminReply {
        public PendingDecideReply {
            Check.requestId(requestId);
            Check.deviceId(deviceId, "deviceId");
            Check.present(decision, "decision");
            enrollmentId = Check.optionalMatching(enrollmentId, "enrollmentId", Check.ENROLLMENT_ID, "an enrollment id");
        }
    }

    /**
     * @param description how the audit names the target ({@code lot:L-7})
     * @param devices devices it would cut off (not yet revoked)
     * @param certificates their valid certificates
     * @param alreadyRevoked devices of the target already revoked
     * @param sample the first device ids it would cut off (at most 20)
     */
    record RevocationPreviewReply(String requestId, String description, int devices, int certificates, int alreadyRevoked,
            List<String> sample) implements AdminReply {
        public RevocationPreviewReply {
            Check.requestId(requestId);
            Check.text(description, "description", 300);
            Check.atLeast(devices, "devices", 0);
            Check.atLeast(certificates, "certificates", 0);
            Check.atLeast(alreadyRevoked, "alreadyRevoked", 0);
            sample = Check.deviceIds(sample, "sample", 20);
        }
    }

    /** @param devices devices revoked now, @param certificates certificates revoked now */
    record RevokeReply(String requestId, int devices, int certificates, int alreadyRevoked) implements AdminReply {
        public RevokeReply {
            Check.requestId(requestId);
            Check.atLeast(devices, "devices", 0);
            Check.atLeast(certificates, "certificates", 0);
            Check.atLeast(alreadyRevoked, "alreadyRevoked", 0);
        }
    }

    record AuditPageReply(String requestId, List<AuditRow> rows, @MayBeAbsent String nextCursor) implements AdminReply {
        public AuditPageReply {
            Check.requestId(requestId);
            rows = Check.list(rows, "rows", AdminData.MAX_PAGE_SIZE);
            nextCursor = Check.cursor(nextCursor);
        }
    }

    /**
     * @param intact whether every entry's hash and link verify
     * @param entries entries checked
     * @param firstBreak sequence of the first entry that does not verify, when not intact
     * @param detail one sentence for people
     */
    record AuditVerifyReply(String requestId, boolean intact, long entries, @MayBeAbsent Long firstBreak, String detail)
            implements AdminReply {
        public AuditVerifyReply {
            Check.requestId(requestId);
            Check.atLeast(entries, "entries", 0);
            firstBreak = Check.optionalAtLeast(firstBreak, "firstBreak", 1);
            Check.text(detail, "detail", 512);
            if (intact && firstBreak != null) {
                throw new AdminViolation("firstBreak", AdminProblem.INCONSISTENT, "an intact chain has no break");
            }
        }
    }

    record DashboardReply(String requestId, DashboardStats stats) implements AdminReply {
        public DashboardReply {
            Check.requestId(requestId);
            Check.present(stats, "stats");
        }
    }

    /** @param state the break-glass held now; absent after a release */
    record BreakGlassReply(String requestId, @MayBeAbsent BreakGlassState state) implements AdminReply {
        public BreakGlassReply {
            Check.requestId(requestId);
        }
    }
}
