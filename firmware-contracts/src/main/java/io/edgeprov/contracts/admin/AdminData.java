package io.edgeprov.contracts.admin;

import io.edgeprov.contracts.device.RevocationReason;
import java.time.Instant;
import java.util.List;

/** Values that requests, replies and events share (filters, table rows, statistics). */
public final class AdminData {
    /** The most rows one page may hold. */
    public static final int MAX_PAGE_SIZE = 500;
    /** The most device ids one request or event may list. */
    public static final int MAX_DEVICE_IDS = 10_000;

    private AdminData() {
    }

    /** A device's life-cycle state as the console shows it (the registry's {@code DeviceState}). */
    public enum DeviceStatus {
        PENDING, ACTIVE, REVOKED, DISABLED
    }

    /** How a fleet page is ordered; ties are broken by device id, so pages never overlap. */
    public enum FleetSort {
        DEVICE_ID, STATE, LAST_SEEN, CERTIFICATE_EXPIRY
    }

    /**
     * Which devices a fleet page, a search revocation or a count covers.
     *
     * @param text case-insensitive substring of the device id (serial), its lot or the enrollment that admitted it
     * @param states only these states; empty means every state
     */
    public record FleetFilter(@MayBeAbsent String text, List<DeviceStatus> states) {
        public FleetFilter {
            text = Check.optionalText(text, "text", 128);
            states = Check.list(states, "states", DeviceStatus.values().length);
        }

        /** Every device. */
        public static FleetFilter all() {
            return new FleetFilter(null, List.of());
        }
    }

    /**
     * One row of the fleet table.
     *
     * @param deviceId the device's serial
     * @param state life-cycle state
     * @param lot production lot, when labelled
     * @param enrollmentId the enrollment that admitted it ({@code device-<id>} or {@code group-<name>}), when known
     * @param lastSeen when it last spoke to the gateway
     * @param certificateNotAfter when its newest valid certificate expires
     * @param renewalCount renewals since its last full attestation
     * @param refusals24h refusals of its requests in the last 24 hours
     * @param lastRefusalCode the wire code of its latest refusal ({@code EK_NOT_ALLOWED}), when any
     */
    public record DeviceRow(String deviceId, DeviceStatus state, @MayBeAbsent String lot, @MayBeAbsent String enrollmentId,
            @MayBeAbsent Instant lastSeen, @MayBeAbsent Instant certificateNotAfter, int renewalCount, int refusals24h,
            @MayBeAbsent String lastRefusalCode) {
        public DeviceRow {
            Check.deviceId(deviceId, "deviceId");
            Check.present(state, "state");
            lot = Check.optionalText(lot, "lot", 128);
            enrollmentId = Check.optionalMatching(enrollmentId, "enrollmentId", Check.ENROLLMENT_ID, "an enrollment id");
            lastSeen = Check.optionalMillis(lastSeen, "lastSeen");
            certificateNotAfter = Check.optionalMillis(certificateNotAfter, "certificateNotAfter");
            Check.atLeast(renewalCount, "renewalCount", 0);
            Check.atLeast(refusals24h, "refusals24h", 0);
            lastRefusalCode = Check.optionalText(lastRefusalCode, "lastRefusalCode", 64);
        }
    }

    /**
     * One certificate a device held.
     *
     * @param serialHex the certificate serial, lower-case hex
     * @param revocationReason RFC 5280 name when revoked
     */
    public record CertificateRow(String serialHex, Instant notBefore, Instant notAfter, boolean revoked,
            @MayBeAbsent Instant revokedAt, @MayBeAbsent RevocationReason revocationReason) {
        public CertificateRow {
            Check.matching(serialHex, "serialHex", java.util.regex.Pattern.compile("[0-9a-f]{1,64}"), "1 to 64 hex digits");
            notBefore = Check.millis(notBefore, "notBefore");
            notAfter = Check.millis(notAfter, "notAfter");
            revokedAt = Check.optionalMillis(revokedAt, "revokedAt");
            if (!revoked && (revokedAt != null || revocationReason != null)) {
                throw new AdminViolation("revoked", AdminProblem.INCONSISTENT, "revokedAt and revocationReason only when revoked");
            }
        }
    }

    /**
     * An enrollment: one device by EK digest, or a group by manufacturer roots and serial pattern.
     *
     * @param kind {@code INDIVIDUAL} or {@code GROUP}
     * @param serialPattern the group's serial pattern (groups only)
     * @param devices how many registered devices it admitted
     */
    public record EnrollmentRow(String enrollmentId, EnrollmentKind kind, boolean enabled, @MayBeAbsent String serialPattern,
            String createdBy, Instant createdAt, long devices) {
        public EnrollmentRow {
            Check.enrollmentId(enrollmentId, "enrollmentId");
            Check.present(kind, "kind");
            serialPattern = Check.optionalText(serialPattern, "serialPattern", 256);
            Check.text(createdBy, "createdBy", 128);
            createdAt = Check.millis(createdAt, "createdAt");
            Check.atLeast(devices, "devices", 0);
        }
    }

    public enum EnrollmentKind {
        INDIVIDUAL, GROUP
    }

    /** One detail of an audit entry. */
    public record AuditDetail(String key, String value) {
        public AuditDetail {
            Check.text(key, "key", 64);
            Check.present(value, "value");
            if (value.length() > 1024) {
                throw new AdminViolation("value", AdminProblem.TOO_LONG, value.length() + " characters, at most 1024");
            }
        }
    }

    /**
     * One audit entry.
     *
     * @param outcome {@code SUCCESS}, {@code FAILURE} or {@code DENIED}
     */
    public record AuditRow(long sequence, Instant at, String actor, String action, String target, String outcome,
            String reason, List<AuditDetail> details) {
        public AuditRow {
            Check.atLeast(sequence, "sequence", 1);
            at = Check.millis(at, "at");
            Check.text(actor, "actor", 256);
            Check.text(action, "action", 128);
            Check.text(target, "target", 256);
            Check.text(outcome, "outcome", 16);
            Check.text(reason, "reason", 256);
            details = Check.list(details, "details", 32);
        }
    }

    /** One refusal of a device's request: when, the wire code, and a short detail. */
    public record RefusalRow(Instant at, String code, String detail) {
        public RefusalRow {
            at = Check.millis(at, "at");
            Check.text(code, "code", 64);
            Check.text(detail, "detail", 512);
        }
    }

    /**
     * A genuine TPM that no enrollment covers, waiting for a technician.
     *
     * @param ekSha256 SHA-256 of its EK public area, lower-case hex (what an individual allow would name)
     * @param manufacturerRoot the trusted root bundle its EK certificate chains to
     * @param firstSeen its first refused attempt
     * @param lastSeen its latest refused attempt
     * @param attempts refused attempts so far
     */
    public record PendingRow(String deviceId, String ekSha256, String manufacturerRoot, Instant firstSeen, Instant lastSeen,
            long attempts) {
        public PendingRow {
            Check.deviceId(deviceId, "deviceId");
            Check.sha256Hex(ekSha256, "ekSha256");
            Check.text(manufacturerRoot, "manufacturerRoot", 256);
            firstSeen = Check.millis(firstSeen, "firstSeen");
            lastSeen = Check.millis(lastSeen, "lastSeen");
            Check.atLeast(attempts, "attempts", 1);
        }
    }

    /** The outcome of one line of a batch import. */
    public enum ImportOutcome {
        /** The line is valid and (on commit) was allowed. */
        VALID,
        /** The line breaks the format (detail says how); nothing of it is committed. */
        INVALID,
        /** The device or its EK is already allowed, or appears twice in the batch. */
        DUPLICATE
    }

    /**
     * One line of a batch import's report.
     *
     * @param line 1-based line number in the submitted CSV
     * @param deviceId the line's serial, when one could be read
     */
    public record ImportLine(int line, @MayBeAbsent String deviceId, ImportOutcome outcome, String detail) {
        public ImportLine {
            Check.range(line, "line", 1, Integer.MAX_VALUE);
            deviceId = Check.optionalText(deviceId, "deviceId", 128);
            Check.present(outcome, "outcome");
            Check.text(detail, "detail", 256);
        }
    }

    /** What a revocation is for: one device, a list, the result of a fleet search, or a lot. */
    public enum TargetKind {
        DEVICE, LIST, SEARCH, LOT
    }

    /**
     * The devices a revocation preview or revocation covers; exactly the field its kind names is present.
     *
     * @param deviceIds for {@code DEVICE} (one id) and {@code LIST} (1..10,000 ids)
     * @param search for {@code SEARCH}: the fleet filter whose whole result (not only a page) is revoked
     * @param lot for {@code LOT}
     */
    public record RevocationTarget(TargetKind kind, @MayBeAbsent List<String> deviceIds, @MayBeAbsent FleetFilter search,
            @MayBeAbsent String lot) {
        public RevocationTarget {
            Check.present(kind, "kind");
            if (deviceIds != null) {
                deviceIds = Check.deviceIds(deviceIds, "deviceIds", MAX_DEVICE_IDS);
            }
            lot = Check.optionalMatching(lot, "lot", java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}"),
                    "1 to 64 characters of [A-Za-z0-9._-]");
            boolean ids = deviceIds != null;
            boolean consistent = switch (kind) {
                case DEVICE -> ids && deviceIds.size() == 1 && search == null && lot == null;
                case LIST -> ids && !deviceIds.isEmpty() && search == null && lot == null;
                case SEARCH -> !ids && search != null && lot == null;
                case LOT -> !ids && search == null && lot != null;
            };
            if (!consistent) {
                throw new AdminViolation("kind", AdminProblem.INCONSISTENT, kind + " needs exactly "
                        + switch (kind) {
                            case DEVICE -> "deviceIds with one id";
                            case LIST -> "deviceIds with 1 or more ids";
                            case SEARCH -> "search";
                            case LOT -> "lot";
                        });
            }
        }

        public static RevocationTarget device(String deviceId) {
            return new RevocationTarget(TargetKind.DEVICE, List.of(deviceId), null, null);
        }

        public static RevocationTarget list(List<String> deviceIds) {
            return new RevocationTarget(TargetKind.LIST, deviceIds, null, null);
        }

        public static RevocationTarget search(FleetFilter filter) {
            return new RevocationTarget(TargetKind.SEARCH, null, filter, null);
        }

        public static RevocationTarget lot(String lot) {
            return new RevocationTarget(TargetKind.LOT, null, null, lot);
        }
    }

    /** One minute of issuance and renewal. */
    public record RateBucket(Instant start, long issued, long renewed) {
        public RateBucket {
            start = Check.millis(start, "start");
            Check.atLeast(issued, "issued", 0);
            Check.atLeast(renewed, "renewed", 0);
        }
    }

    /** How many refusals one cause (a wire error code) had. */
    public record CauseCount(String cause, long count) {
        public CauseCount {
            Check.text(cause, "cause", 64);
            Check.atLeast(count, "count", 0);
        }
    }

    public enum AlertKind {
        /** An operator took break-glass rights. */
        BREAK_GLASS,
        /** Many attestation failures from one source in a short time. */
        ATTESTATION_FAILURE_BURST,
        /** The upstream sync lags or its outbox grows. */
        SYNC_LAG
    }

    /**
     * An active alert.
     *
     * @param alertId stable while the alert is active; an {@code AlertCleared} event names it
     * @param summary one sentence for people
     */
    public record Alert(String alertId, AlertKind kind, Instant raisedAt, String summary) {
        public Alert {
            Check.matching(alertId, "alertId", Check.REQUEST_ID, "1 to 64 characters of [A-Za-z0-9_-]");
            Check.present(kind, "kind");
            raisedAt = Check.millis(raisedAt, "raisedAt");
            Check.text(summary, "summary", 512);
        }
    }

    /**
     * The dashboard's figures at one instant.
     *
     * @param rate issuance and renewal per minute over the last hour, oldest first
     * @param refusals refusals by cause over the last hour
     * @param expiringWithinHour valid certificates whose notAfter falls within the next hour
     * @param expiringWithinDay valid certificates whose notAfter falls within the next 24 hours
     * @param outboxDepth events waiting to be sent upstream
     * @param syncLagSeconds age of the oldest unsent event, when sync is configured and something waits
     * @param alerts active alerts
     */
    public record DashboardStats(Instant at, List<RateBucket> rate, List<CauseCount> refusals, long devices,
            long expiringWithinHour, long expiringWithinDay, long outboxDepth, @MayBeAbsent Long syncLagSeconds,
            List<Alert> alerts) {
        public DashboardStats {
            at = Check.millis(at, "at");
            rate = Check.list(rate, "rate", 1440);
            refusals = Check.list(refusals, "refusals", 256);
            Check.atLeast(devices, "devices", 0);
            Check.atLeast(expiringWithinHour, "expiringWithinHour", 0);
            Check.atLeast(expiringWithinDay, "expiringWithinDay", 0);
            Check.atLeast(outboxDepth, "outboxDepth", 0);
            syncLagSeconds = Check.optionalAtLeast(syncLagSeconds, "syncLagSeconds", 0);
            alerts = Check.list(alerts, "alerts", 256);
        }
    }

    /**
     * An operator's break-glass: extra permissions until {@code until}, with the reason they wrote.
     *
     * @param granted the permissions break-glass adds to the role's
     */
    public record BreakGlassState(String reason, Instant since, Instant until, List<AdminPermission> granted) {
        public BreakGlassState {
            Check.text(reason, "reason", 1000);
            since = Check.millis(since, "since");
            until = Check.millis(until, "until");
            if (!until.isAfter(since)) {
                throw new AdminViolation("until", AdminProblem.INCONSISTENT, "must be after since");
            }
            granted = Check.list(granted, "granted", AdminPermission.values().length);
        }
    }
}
