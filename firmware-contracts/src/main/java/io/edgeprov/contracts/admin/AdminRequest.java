package io.edgeprov.contracts.admin;

import io.edgeprov.contracts.admin.AdminData.FleetFilter;
import io.edgeprov.contracts.admin.AdminData.FleetSort;
import io.edgeprov.contracts.admin.AdminData.RevocationTarget;
import io.edgeprov.contracts.device.RevocationReason;
import java.time.Instant;

/**
 * A request from the console, published on {@code admin/v1/{operatorId}/req/{command}}. The {@code requestId}
 * (chosen by the console, unique among its open requests) comes back in the reply, as a device's client token does.
 */
public sealed interface AdminRequest {

    String requestId();

    /** Who am I: role, permissions, break-glass. Any enabled operator. */
    record WhoAmI(String requestId) implements AdminRequest {
        public WhoAmI {
            Check.requestId(requestId);
        }
    }

    /**
     * One page of the fleet (VIEW). Pass the previous reply's {@code nextCursor} with the same filter and sort
     * for the next page.
     *
     * @param size rows per page, 1..500
     */
    record FleetPage(String requestId, FleetFilter filter, FleetSort sort, boolean descending, @MayBeAbsent String cursor,
            int size) implements AdminRequest {
        public FleetPage {
            Check.requestId(requestId);
            Check.present(filter, "filter");
            Check.present(sort, "sort");
            cursor = Check.cursor(cursor);
            Check.range(size, "size", 1, AdminData.MAX_PAGE_SIZE);
        }
    }

    /** One device with its certificates, enrollment, audit trail and last refusals (VIEW). */
    record DeviceDetail(String requestId, String deviceId) implements AdminRequest {
        public DeviceDetail {
            Check.requestId(requestId);
            Check.deviceId(deviceId, "deviceId");
        }
    }

    /** Allows one device by serial and EK digest (ONBOARD); a scanned code arrives here unchanged. */
    record AllowDevice(String requestId, String deviceId, String ekSha256) implements AdminRequest {
        public AllowDevice {
            Check.requestId(requestId);
            Check.deviceId(deviceId, "deviceId");
            Check.sha256Hex(ekSha256, "ekSha256");
        }
    }

    /**
     * A CSV batch (ONBOARD): lines {@code serial,ekSha256}, {@code #} comments and blank lines ignored, an
     * optional header {@code serial,ek_sha256}. With {@code commit=false} nothing changes and the reply is the
     * per-line report; with {@code commit=true} the valid lines are allowed only when no line is invalid.
     *
     * @param csv at most 200,000 characters (about 2,600 lines of serial and digest): the gateway's broker takes
     *            packets up to 256 KiB; a console splits a larger file into batches
     */
    record BatchImport(String requestId, String csv, boolean commit) implements AdminRequest {
        public static final int MAX_CSV_CHARS = 200_000;

        public BatchImport {
            Check.requestId(requestId);
            Check.text(csv, "csv", MAX_CSV_CHARS);
        }
    }

    /** Every group enrollment with the number of devices it admitted (VIEW). */
    record GroupList(String requestId) implements AdminRequest {
        public GroupList {
            Check.requestId(requestId);
        }
    }

    /** Enables or disables an enrollment (ONBOARD). */
    record GroupSetEnabled(String requestId, String enrollmentId, boolean enabled) implements AdminRequest {
        public GroupSetEnabled {
            Check.requestId(requestId);
            Check.enrollmentId(enrollmentId, "enrollmentId");
        }
    }

    /** A page of the devices an enrollment admitted (VIEW), ordered by device id. */
    record GroupDevices(String requestId, String enrollmentId, @MayBeAbsent String cursor, int size) implements AdminRequest {
        public GroupDevices {
            Check.requestId(requestId);
            Check.enrollmentId(enrollmentId, "enrollmentId");
            cursor = Check.cursor(cursor);
            Check.range(size, "size", 1, AdminData.MAX_PAGE_SIZE);
        }
    }

    /** A page of the pending queue, oldest first (VIEW). */
    record PendingList(String requestId, @MayBeAbsent String cursor, int size) implements AdminRequest {
        public PendingList {
            Check.requestId(requestId);
            cursor = Check.cursor(cursor);
            Check.range(size, "size", 1, AdminData.MAX_PAGE_SIZE);
        }
    }

    /** A technician's decision on a pending device (APPROVE). */
    enum Decision {
        /** Allow it (an individual enrollment for its EK); it enrolls on its next attempt. */
        APPROVE,
        /** Drop it from the queue; it stays refused, and comes back only if it tries again. */
        REJECT
    }

    record PendingDecide(String requestId, String deviceId, Decision decision, @MayBeAbsent String note) implements AdminRequest {
        public PendingDecide {
            Check.requestId(requestId);
            Check.deviceId(deviceId, "deviceId");
            Check.present(decision, "decision");
            note = Check.optionalText(note, "note", 500);
        }
    }

    /** How many devices and certificates a revocation would cut off, changing nothing (REVOKE). */
    record RevocationPreview(String requestId, RevocationTarget target) implements AdminRequest {
        public RevocationPreview {
            Check.requestId(requestId);
            Check.present(target, "target");
        }
    }

    /**
     * Revokes the target (REVOKE). {@code expectedDevices} is the count the confirmation named (from the
     * preview); when the target now holds another number, nothing is revoked and the reply is
     * {@code COUNT_CHANGED}.
     */
    record Revoke(String requestId, RevocationTarget target, RevocationReason reason, @MayBeAbsent String note,
            int expectedDevices) implements AdminRequest {
        public Revoke {
            Check.requestId(requestId);
            Check.present(target, "target");
            Check.present(reason, "reason");
            note = Check.optionalText(note, "note", 500);
            Check.range(expectedDevices, "expectedDevices", 0, Integer.MAX_VALUE);
        }
    }

    /**
     * A page of the audit trail, newest first (AUDIT). Every filter is optional: {@code actor} and {@code action}
     * match exactly, {@code device} matches the entry's target, {@code from} inclusive, {@code to} exclusive.
     */
    record AuditPage(String requestId, @MayBeAbsent String actor, @MayBeAbsent String action, @MayBeAbsent String device,
            @MayBeAbsent Instant from, @MayBeAbsent Instant to, @MayBeAbsent String cursor, int size) implements AdminRequest {
        public AuditPage {
            Check.requestId(requestId);
            actor = Check.optionalText(actor, "actor", 256);
            action = Check.optionalText(action, "action", 128);
            device = Check.optionalText(device, "device", 256);
            from = Check.optionalMillis(from, "from");
            to = Check.optionalMillis(to, "to");
            if (from != null && to != null && !to.isAfter(from)) {
                throw new AdminViolation("to", AdminProblem.INCONSISTENT, "must be after from");
            }
            cursor = Check.cursor(cursor);
            Check.range(size, "size", 1, AdminData.MAX_PAGE_SIZE);
        }
    }

    /** Verifies the audit hash chain (AUDIT). */
    record AuditVerify(String requestId) implements AdminRequest {
        public AuditVerify {
            Check.requestId(requestId);
        }
    }

    /** The dashboard's figures now (VIEW); afterwards {@code StatsTick} events keep them current. */
    record Dashboard(String requestId) implements AdminRequest {
        public Dashboard {
            Check.requestId(requestId);
        }
    }

    /**
     * Takes break-glass rights for a bounded time with a written reason (operators only).
     *
     * @param reason 10 to 1000 characters
     * @param durationSeconds 60 to 14,400 (4 hours)
     */
    record BreakGlassTake(String requestId, String reason, int durationSeconds) implements AdminRequest {
        public static final int MIN_REASON = 10;
        public static final int MIN_SECONDS = 60;
        public static final int MAX_SECONDS = 4 * 3600;

        public BreakGlassTake {
            Check.requestId(requestId);
            Check.text(reason, "reason", 1000);
            if (reason.strip().length() < MIN_REASON) {
                throw new AdminViolation("reason", AdminProblem.TOO_SHORT, "at least " + MIN_REASON + " characters");
            }
            Check.range(durationSeconds, "durationSeconds", MIN_SECONDS, MAX_SECONDS);
        }
    }

    /** Gives break-glass rights back before they expire. */
    record BreakGlassRelease(String requestId) implements AdminRequest {
        public BreakGlassRelease {
            Check.requestId(requestId);
        }
    }
}
