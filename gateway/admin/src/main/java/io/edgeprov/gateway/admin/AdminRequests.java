package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminData;
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
import io.edgeprov.contracts.admin.AdminData.ImportLine;
import io.edgeprov.contracts.admin.AdminData.ImportOutcome;
import io.edgeprov.contracts.admin.AdminData.PendingRow;
import io.edgeprov.contracts.admin.AdminData.RateBucket;
import io.edgeprov.contracts.admin.AdminData.RefusalRow;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminPermission;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminRole;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.fleet.AuditQuery;
import io.edgeprov.gateway.core.fleet.DeviceSummary;
import io.edgeprov.gateway.core.fleet.FleetCursor;
import io.edgeprov.gateway.core.fleet.FleetFilter;
import io.edgeprov.gateway.core.fleet.FleetOrder;
import io.edgeprov.gateway.core.fleet.FleetQueries;
import io.edgeprov.gateway.core.fleet.FleetQuery;
import io.edgeprov.gateway.core.fleet.Page;
import io.edgeprov.gateway.core.fleet.PendingDevice;
import io.edgeprov.gateway.core.fleet.PendingDevices;
import io.edgeprov.gateway.core.fleet.RefusalTally;
import io.edgeprov.gateway.core.onboarding.OnboardDevices;
import io.edgeprov.gateway.core.onboarding.OnboardingOutcome;
import io.edgeprov.gateway.core.onboarding.PendingApprovals;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.registry.CertificateStore;
import io.edgeprov.gateway.core.registry.DeviceState;
import io.edgeprov.gateway.core.registry.Enrollment;
import io.edgeprov.gateway.core.registry.EnrollmentRule;
import io.edgeprov.gateway.core.registry.EnrollmentStore;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.core.revocation.BatchRevocationOutcome;
import io.edgeprov.gateway.core.revocation.RevocationException;
import io.edgeprov.gateway.core.revocation.RevocationFailure;
import io.edgeprov.gateway.core.revocation.RevocationPreview;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.gateway.core.revocation.RevocationTarget;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Serves each admin command through the core's use cases and read model; the permission is already checked. */
final class AdminRequests {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRequests.class);
    private static final Pattern EK_HEX = Pattern.compile("[0-9a-f]{64}");
    private static final int MAX_IMPORT_LINES = 10_000;
    /** The fleet row's "refused" column and the device detail count refusals over this window. */
    private static final Duration REFUSAL_WINDOW = Duration.ofHours(24);

    private final FleetQueries fleet;
    private final PendingDevices pending;
    private final PendingApprovals approvals;
    private final OnboardDevices onboarding;
    private final EnrollmentStore enrollments;
    private final CertificateStore certificates;
    private final Revocations revocations;
    private final GatewayVitals vitals;
    private final AuditLog audit;
    private final Clock clock;
    private final BreakGlass breakGlass;
    private final EventHub events;
    private final Alerts alerts;

    AdminRequests(AdminPlane.Builder b, BreakGlass breakGlass, EventHub events, Alerts alerts) {
        this.fleet = b.fleet;
        this.pending = b.pending;
        this.approvals = b.approvals;
        this.onboarding = b.onboarding;
        this.enrollments = b.enrollments;
        this.certificates = b.certificates;
        this.revocations = b.revocations;
        this.vitals = b.vitals;
        this.audit = b.audit;
        this.clock = b.clock;
        this.breakGlass = breakGlass;
        this.events = events;
        this.alerts = alerts;
    }

    AdminReply serve(AdminCommand command, AdminRequest request, Operator operator, Principal principal) {
        return switch (command) {
            case WHOAMI -> whoami((AdminRequest.WhoAmI) request, operator, principal);
            case FLEET_PAGE -> fleetPage((AdminRequest.FleetPage) request);
            case DEVICE_DETAIL -> deviceDetail((AdminRequest.DeviceDetail) request);
            case ALLOW_DEVICE -> allowDevice((AdminRequest.AllowDevice) request, principal);
            case BATCH_IMPORT -> batchImport((AdminRequest.BatchImport) request, principal);
            case GROUP_LIST -> groupList((AdminRequest.GroupList) request);
            case GROUP_SET_ENABLED -> groupSetEnabled((AdminRequest.GroupSetEnabled) request, principal);
            case GROUP_DEVICES -> groupDevices((AdminRequest.GroupDevices) request);
            case PENDING_LIST -> pendingList((AdminRequest.PendingList) request);
            case PENDING_DECIDE -> pendingDecide((AdminRequest.PendingDecide) request, principal);
            case REVOCATION_PREVIEW -> revocationPreview((AdminRequest.RevocationPreview) request, principal);
            case REVOKE -> revoke((AdminRequest.Revoke) request, principal);
            case AUDIT_PAGE -> auditPage((AdminRequest.AuditPage) request);
            case AUDIT_VERIFY -> auditVerify((AdminRequest.AuditVerify) request, principal);
            case DASHBOARD -> new AdminReply.DashboardReply(request.requestId(), stats());
            case BREAK_GLASS_TAKE -> breakGlassTake((AdminRequest.BreakGlassTake) request, operator);
            case BREAK_GLASS_RELEASE -> {
                breakGlass.release(operator);
                yield new AdminReply.BreakGlassReply(request.requestId(), null);
            }
        };
    }

    // ------------------------------------------------------------------ who am I, fleet

    private AdminReply whoami(AdminRequest.WhoAmI r, Operator operator, Principal principal) {
        List<AdminPermission> permissions = EnumSet.allOf(Permission.class).stream().filter(principal::may)
                .map(AdminPermissions::toWire).toList();
        return new AdminReply.WhoAmIReply(r.requestId(), operator.name(), AdminRole.valueOf(operator.role().name()),
                permissions, breakGlassState(operator).orElse(null));
    }

    private Optional<BreakGlassState> breakGlassState(Operator operator) {
        return breakGlass.current(operator.name()).map(h -> new BreakGlassState(h.reason(), h.since(), h.until(),
                BreakGlass.GRANTED.stream().sorted().map(AdminPermissions::toWire).toList()));
    }

    static FleetFilter filter(AdminData.FleetFilter wire) {
        Set<DeviceState> states = EnumSet.noneOf(DeviceState.class);
        wire.states().forEach(s -> states.add(DeviceState.valueOf(s.name())));
        return new FleetFilter(Optional.ofNullable(wire.text()), states);
    }

    private AdminReply fleetPage(AdminRequest.FleetPage r) {
        Page<DeviceSummary> page;
        try {
            page = fleet.devices(new FleetQuery(filter(r.filter()), FleetOrder.valueOf(r.sort().name()), r.descending(),
                    Cursors.decode(r.cursor()), r.size()));
        } catch (IllegalArgumentException e) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "cursor BAD_FORMAT: the cursor belongs to another sort order");
        }
        return new AdminReply.FleetPageReply(r.requestId(), rows(page.rows()), page.total(),
                page.next().map(Cursors::encode).orElse(null));
    }

    /** The page's rows with each device's refusals of the last 24 hours (one grouped read for the page). */
    private List<DeviceRow> rows(List<DeviceSummary> summaries) {
        Map<String, RefusalTally> refusals = fleet.deviceRefusalsSince(summaries.stream().map(DeviceSummary::deviceId).toList(),
                now().minus(REFUSAL_WINDOW));
        List<DeviceRow> rows = new ArrayList<>(summaries.size());
        for (DeviceSummary s : summaries) {
            row(s, Optional.ofNullable(refusals.get(s.deviceId()))).ifPresent(rows::add);
        }
        return rows;
    }

    private Optional<DeviceRow> row(DeviceSummary s) {
        return row(s, Optional.ofNullable(fleet.deviceRefusalsSince(List.of(s.deviceId()), now().minus(REFUSAL_WINDOW))
                .get(s.deviceId())));
    }

    /** A registry row the wire cannot carry (an id outside the contract's rules) is left out, not failed on. */
    private static Optional<DeviceRow> row(DeviceSummary s, Optional<RefusalTally> refusals) {
        if (DeviceId.check(s.deviceId()).isPresent()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new DeviceRow(s.deviceId(), DeviceStatus.valueOf(s.state().name()), s.lot().orElse(null),
                    s.enrollmentId().orElse(null), s.lastSeen().orElse(null), s.certificateNotAfter().orElse(null),
                    s.renewalCount(), (int) Math.min(Integer.MAX_VALUE, refusals.map(RefusalTally::count).orElse(0L)),
                    refusals.map(t -> clamp(t.lastCode(), 64)).orElse(null)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private AdminReply deviceDetail(AdminRequest.DeviceDetail r) {
        DeviceSummary summary = fleet.device(r.deviceId())
                .orElseThrow(() -> new AdminRefusal(AdminErrorCode.UNKNOWN_DEVICE, "no device " + r.deviceId()));
        List<AuditEntry> trail = fleet.audit(new AuditQuery(Optional.empty(), Optional.empty(), Optional.of(r.deviceId()),
                Optional.empty(), Optional.empty(), Optional.empty(), 100));
        List<RefusalRow> refusals = trail.stream().filter(e -> e.event().outcome() != AuditOutcome.SUCCESS).limit(20)
                .map(e -> new RefusalRow(e.event().at(), clamp(e.event().reasonCode(), 64),
                        clamp(e.event().details().getOrDefault("detail", e.event().action()), 512)))
                .toList();
        List<CertificateRow> certs = certificates.findByDevice(r.deviceId()).stream()
                .sorted((a, b) -> b.issuedAt().compareTo(a.issuedAt())).limit(1000).map(AdminRequests::certificate).toList();
        Optional<EnrollmentRow> enrollment = summary.enrollmentId().flatMap(enrollments::findById).map(this::enrollmentRow);
        DeviceRow row = row(summary).orElseThrow(() -> new AdminRefusal(AdminErrorCode.UNKNOWN_DEVICE,
                "the device's id is outside the contract"));
        return new AdminReply.DeviceDetailReply(r.requestId(), row, certs, enrollment.orElse(null),
                trail.stream().map(AdminRequests::auditRow).toList(), refusals);
    }

    private static CertificateRow certificate(CertificateRecord c) {
        return new CertificateRow(c.serialHex(), c.notBefore(), c.notAfter(), c.isRevoked(),
                c.revocation().map(v -> v.revokedAt()).orElse(null), c.revocation().map(v -> v.reason()).orElse(null));
    }

    private EnrollmentRow enrollmentRow(Enrollment e) {
        long devices = fleet.admittedBy(e.enrollmentId(), Optional.empty(), 1).total();
        return enrollmentRow(e, devices);
    }

    private static EnrollmentRow enrollmentRow(Enrollment e, long devices) {
        boolean group = e.rule() instanceof EnrollmentRule.Group;
        return new EnrollmentRow(e.enrollmentId(), group ? EnrollmentKind.GROUP : EnrollmentKind.INDIVIDUAL, e.enabled(),
                group ? ((EnrollmentRule.Group) e.rule()).serialPattern() : null, clamp(e.createdBy(), 128), e.createdAt(),
                devices);
    }

    // ------------------------------------------------------------------ onboarding

    private AdminReply allowDevice(AdminRequest.AllowDevice r, Principal principal) {
        OnboardingOutcome outcome = join(onboarding.allowDevice(principal, r.deviceId(), Sha256Digest.fromHex(r.ekSha256())));
        String id = onboarded(outcome);
        dropFromPending(r.deviceId(), principal, "ALLOWED");
        events.devicesChanged(List.of(r.deviceId()));
        return new AdminReply.AllowDeviceReply(r.requestId(), id);
    }

    private static String onboarded(OnboardingOutcome outcome) {
        if (outcome instanceof OnboardingOutcome.Added added) {
            return added.enrollmentId();
        } else if (outcome instanceof OnboardingOutcome.Disabled disabled) {
            return disabled.enrollmentId();
        } else if (outcome instanceof OnboardingOutcome.Duplicate duplicate) {
            throw new AdminRefusal(AdminErrorCode.DUPLICATE, duplicate.detail());
        } else if (outcome instanceof OnboardingOutcome.NotFound notFound) {
            throw new AdminRefusal(AdminErrorCode.UNKNOWN_ENROLLMENT, notFound.detail());
        } else {
            throw new AdminRefusal(AdminErrorCode.NOT_PERMITTED, ((OnboardingOutcome.NotPermitted) outcome).actor()
                    + " may not onboard devices");
        }
    }

    private void dropFromPending(String deviceId, Principal principal, String why) {
        if (pending.find(deviceId).isPresent()) {
            join(pending.remove(deviceId, AuditEvent.of(now(), principal.actor(), "pending.remove", deviceId,
                    AuditOutcome.SUCCESS, why)));
        }
    }

    private AdminReply batchImport(AdminRequest.BatchImport r, Principal principal) {
        List<ImportLine> report = new ArrayList<>();
        List<String[]> valid = new ArrayList<>();
        Set<String> seenIds = new HashSet<>();
        Set<String> seenEks = new HashSet<>();
        String[] lines = r.csv().split("\r?\n", -1);
        boolean headerAllowed = true;
        int invalid = 0;
        int duplicate = 0;
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (report.size() >= MAX_IMPORT_LINES) {
                throw new AdminRefusal(AdminErrorCode.SELECTION_TOO_LARGE, "a batch holds at most " + MAX_IMPORT_LINES
                        + " lines");
            }
            int number = i + 1;
            if (headerAllowed && line.toLowerCase(java.util.Locale.ROOT).replace(" ", "").equals("serial,ek_sha256")) {
                headerAllowed = false;
                continue;
            }
            headerAllowed = false;
            String[] fields = line.split(",", -1);
            if (fields.length != 2) {
                report.add(new ImportLine(number, null, ImportOutcome.INVALID, "expected 2 fields (serial,ek_sha256), got "
                        + fields.length));
                invalid++;
                continue;
            }
            String id = fields[0].strip();
            String ek = fields[1].strip().toLowerCase(java.util.Locale.ROOT);
            String shownId = id.length() <= 128 && !id.isEmpty() && id.chars().noneMatch(Character::isISOControl) ? id : null;
            Optional<String> idProblem = DeviceId.check(id).map(v -> "serial " + v.problem().name().toLowerCase(
                    java.util.Locale.ROOT).replace('_', ' '));
            if (idProblem.isPresent()) {
                report.add(new ImportLine(number, shownId, ImportOutcome.INVALID, idProblem.get()));
                invalid++;
            } else if (!EK_HEX.matcher(ek).matches()) {
                report.add(new ImportLine(number, id, ImportOutcome.INVALID, "ek_sha256 is not 64 hex digits"));
                invalid++;
            } else if (!seenIds.add(id) || !seenEks.add(ek)) {
                report.add(new ImportLine(number, id, ImportOutcome.DUPLICATE, "serial or EK appears earlier in this batch"));
                duplicate++;
            } else if (enrollments.findIndividualByDeviceId(id).isPresent()
                    || enrollments.findIndividualByEk(Sha256Digest.fromHex(ek)).isPresent()) {
                report.add(new ImportLine(number, id, ImportOutcome.DUPLICATE, "the device or its EK is already allowed"));
                duplicate++;
            } else {
                report.add(new ImportLine(number, id, ImportOutcome.VALID, "ok"));
                valid.add(new String[] {id, ek});
            }
        }
        boolean commit = r.commit() && invalid == 0 && !valid.isEmpty();
        if (commit) {
            List<String> allowed = new ArrayList<>();
            for (String[] v : valid) {
                OnboardingOutcome outcome = join(onboarding.allowDevice(principal, v[0], Sha256Digest.fromHex(v[1])));
                if (outcome instanceof OnboardingOutcome.NotPermitted) {
                    throw new AdminRefusal(AdminErrorCode.NOT_PERMITTED, principal.actor() + " may not onboard devices");
                }
                allowed.add(v[0]);
            }
            events.devicesChanged(allowed);
        }
        return new AdminReply.BatchImportReply(r.requestId(), commit, valid.size(), invalid, duplicate, report);
    }

    private AdminReply groupList(AdminRequest.GroupList r) {
        Map<String, Long> counts = fleet.admittedCounts();
        List<EnrollmentRow> groups = enrollments.findGroups().stream()
                .map(e -> enrollmentRow(e, counts.getOrDefault(e.enrollmentId(), 0L))).toList();
        return new AdminReply.GroupListReply(r.requestId(), groups);
    }

    private AdminReply groupSetEnabled(AdminRequest.GroupSetEnabled r, Principal principal) {
        OnboardingOutcome outcome = join(r.enabled() ? onboarding.enable(principal, r.enrollmentId())
                : onboarding.disable(principal, r.enrollmentId()));
        return new AdminReply.GroupSetEnabledReply(r.requestId(), onboarded(outcome), r.enabled());
    }

    private AdminReply groupDevices(AdminRequest.GroupDevices r) {
        if (enrollments.findById(r.enrollmentId()).isEmpty()) {
            throw new AdminRefusal(AdminErrorCode.UNKNOWN_ENROLLMENT, "no enrollment " + r.enrollmentId());
        }
        Page<DeviceSummary> page = fleet.admittedBy(r.enrollmentId(), Cursors.decode(r.cursor()), r.size());
        return new AdminReply.FleetPageReply(r.requestId(), rows(page.rows()), page.total(),
                page.next().map(Cursors::encode).orElse(null));
    }

    // ------------------------------------------------------------------ pending queue

    private AdminReply pendingList(AdminRequest.PendingList r) {
        Optional<FleetCursor> after = Cursors.decode(r.cursor());
        try {
            after.ifPresent(a -> Long.parseLong(a.key()));
        } catch (NumberFormatException e) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "cursor BAD_FORMAT: not a pending-queue cursor");
        }
        List<PendingDevice> page = pending.page(after, r.size() + 1);
        boolean more = page.size() > r.size();
        List<PendingDevice> shown = more ? page.subList(0, r.size()) : page;
        List<PendingRow> rows = shown.stream().filter(p -> DeviceId.check(p.deviceId()).isEmpty())
                .map(p -> new PendingRow(p.deviceId(), p.ekSha256().hex(), clamp(p.rootBundle(), 256), p.firstSeen(),
                        p.lastSeen(), Math.max(1, p.attempts())))
                .toList();
        String next = more ? Cursors.encode(new FleetCursor(String.valueOf(shown.get(shown.size() - 1).firstSeen().toEpochMilli()),
                shown.get(shown.size() - 1).deviceId())) : null;
        return new AdminReply.PendingListReply(r.requestId(), rows, pending.count(), next);
    }

    private AdminReply pendingDecide(AdminRequest.PendingDecide r, Principal principal) {
        Optional<String> note = Optional.ofNullable(r.note());
        PendingApprovals.Decision decision = join(r.decision() == AdminRequest.Decision.APPROVE
                ? approvals.approve(principal, r.deviceId(), note) : approvals.reject(principal, r.deviceId(), note));
        if (decision instanceof PendingApprovals.Decision.Approved approved) {
            events.devicesChanged(List.of(r.deviceId()));
            return new AdminReply.PendingDecideReply(r.requestId(), r.deviceId(), r.decision(), approved.enrollmentId());
        } else if (decision instanceof PendingApprovals.Decision.Rejected) {
            return new AdminReply.PendingDecideReply(r.requestId(), r.deviceId(), r.decision(), null);
        } else if (decision instanceof PendingApprovals.Decision.NotPending) {
            throw new AdminRefusal(AdminErrorCode.UNKNOWN_PENDING, r.deviceId() + " is not in the pending queue");
        } else if (decision instanceof PendingApprovals.Decision.Duplicate d) {
            throw new AdminRefusal(AdminErrorCode.DUPLICATE, d.detail());
        }
        throw new AdminRefusal(AdminErrorCode.NOT_PERMITTED, principal.actor() + " may not approve devices");
    }

    // ------------------------------------------------------------------ revocation

    /** The core's target for a wire target; a search is resolved here to the ids it covers now. */
    private RevocationTarget target(AdminData.RevocationTarget wire) {
        return switch (wire.kind()) {
            case DEVICE -> new RevocationTarget.Device(wire.deviceIds().get(0));
            case LIST -> new RevocationTarget.DeviceList(wire.deviceIds());
            case LOT -> new RevocationTarget.Lot(wire.lot());
            case SEARCH -> {
                List<String> ids = fleet.deviceIds(filter(wire.search()), RevocationTarget.DeviceList.MAX + 1);
                if (ids.size() > RevocationTarget.DeviceList.MAX) {
                    throw new AdminRefusal(AdminErrorCode.SELECTION_TOO_LARGE, "the search covers more than "
                            + RevocationTarget.DeviceList.MAX + " devices");
                }
                if (ids.isEmpty()) {
                    throw new AdminRefusal(AdminErrorCode.UNKNOWN_DEVICE, "the search covers no device");
                }
                yield new RevocationTarget.DeviceList(ids);
            }
        };
    }

    private static String describe(AdminData.RevocationTarget wire, RevocationTarget target) {
        String text = wire.kind() == AdminData.TargetKind.SEARCH
                ? "search:" + Optional.ofNullable(wire.search().text()).orElse("*") + " " + wire.search().states()
                : target.describe();
        return clamp(text, 300);
    }

    private AdminReply revocationPreview(AdminRequest.RevocationPreview r, Principal principal) {
        RevocationTarget target = target(r.target());
        RevocationPreview preview = revocation(() -> revocations.preview(principal, target));
        List<String> sample = preview.toCutOff().stream().filter(id -> DeviceId.check(id).isEmpty()).limit(20).toList();
        return new AdminReply.RevocationPreviewReply(r.requestId(), describe(r.target(), target), preview.devices(),
                preview.certificates(), preview.alreadyRevoked(), sample);
    }

    private AdminReply revoke(AdminRequest.Revoke r, Principal principal) {
        if (!RevocationService.DEVICE_REASONS.contains(r.reason())) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "reason UNKNOWN_VALUE: " + r.reason().rfcName()
                    + " is not a reason to revoke a device for");
        }
        RevocationTarget target = target(r.target());
        RevocationPreview preview = revocation(() -> revocations.preview(principal, target));
        if (preview.devices() != r.expectedDevices()) {
            throw new AdminRefusal(AdminErrorCode.COUNT_CHANGED, "the selection now cuts off " + preview.devices()
                    + " devices, not the " + r.expectedDevices() + " confirmed; preview again");
        }
        BatchRevocationOutcome outcome = revocation(() -> revocations.revoke(principal, target, r.reason(),
                Optional.ofNullable(r.note())));
        events.devicesChanged(outcome.revoked().stream().map(o -> o.deviceId()).toList());
        return new AdminReply.RevokeReply(r.requestId(), outcome.revoked().size(), outcome.certificates(),
                outcome.preview().alreadyRevoked());
    }

    private static <T> T revocation(java.util.function.Supplier<T> call) {
        try {
            return call.get();
        } catch (RevocationException e) {
            if (e.failure() == RevocationFailure.NOT_PERMITTED) {
                throw new AdminRefusal(AdminErrorCode.NOT_PERMITTED, "not permitted to revoke devices");
            }
            throw new AdminRefusal(AdminErrorCode.INTERNAL_ERROR, "the revocation failed: " + e.failure());
        } catch (IllegalArgumentException e) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "target INCONSISTENT: " + clamp(e.getMessage(), 200));
        }
    }

    // ------------------------------------------------------------------ audit

    private AdminReply auditPage(AdminRequest.AuditPage r) {
        Optional<Long> before;
        try {
            before = Cursors.decode(r.cursor()).map(c -> Long.parseLong(c.key()));
        } catch (NumberFormatException e) {
            throw new AdminRefusal(AdminErrorCode.MALFORMED, "cursor BAD_FORMAT: not an audit cursor");
        }
        List<AuditEntry> entries = fleet.audit(new AuditQuery(Optional.ofNullable(r.actor()), Optional.ofNullable(r.action()),
                Optional.ofNullable(r.device()), Optional.ofNullable(r.from()), Optional.ofNullable(r.to()), before,
                r.size()));
        String next = entries.size() == r.size() && entries.get(entries.size() - 1).sequence() > 1
                ? Cursors.encode(new FleetCursor(String.valueOf(entries.get(entries.size() - 1).sequence()), "-")) : null;
        return new AdminReply.AuditPageReply(r.requestId(), entries.stream().map(AdminRequests::auditRow).toList(), next);
    }

    static AuditRow auditRow(AuditEntry e) {
        AuditEvent v = e.event();
        List<AuditDetail> details = v.details().entrySet().stream().limit(32)
                .map(d -> new AuditDetail(clamp(d.getKey(), 64), d.getValue().length() > 1024
                        ? d.getValue().substring(0, 1024) : d.getValue()))
                .toList();
        return new AuditRow(e.sequence(), v.at(), clamp(v.actor(), 256), clamp(v.action(), 128), clamp(v.target(), 256),
                v.outcome().name(), clamp(v.reasonCode(), 256), details);
    }

    private AdminReply auditVerify(AdminRequest.AuditVerify r, Principal principal) {
        ChainVerdict verdict = new AuditChainVerifier(audit).verify();
        AdminReply reply;
        if (verdict instanceof ChainVerdict.Intact intact) {
            reply = new AdminReply.AuditVerifyReply(r.requestId(), true, intact.count(), null,
                    "the chain of " + intact.count() + " entries verifies");
        } else {
            ChainVerdict.Broken broken = (ChainVerdict.Broken) verdict;
            reply = new AdminReply.AuditVerifyReply(r.requestId(), false, broken.verifiedBefore(), broken.sequence(),
                    "entry " + broken.sequence() + " does not verify: " + broken.reason());
        }
        join(audit.append(AuditEvent.of(now(), principal.actor(), "audit.verify", "audit_log", AuditOutcome.SUCCESS,
                verdict instanceof ChainVerdict.Intact ? "INTACT" : "BROKEN")));
        return reply;
    }

    // ------------------------------------------------------------------ dashboard, break-glass

    DashboardStats stats() {
        Instant now = now();
        Instant hourAgo = now.minus(Duration.ofHours(1));
        List<RateBucket> rate = fleet.issuancePerMinute(hourAgo).stream()
                .map(m -> new RateBucket(m.start(), m.issued(), m.renewed())).toList();
        List<CauseCount> refusals = fleet.refusalsSince(hourAgo).entrySet().stream().limit(256)
                .map(e -> new CauseCount(clamp(e.getKey(), 64), e.getValue())).toList();
        long lastMinute = fleet.refusalsSince(now.minus(Duration.ofMinutes(1))).values().stream().mapToLong(Long::longValue).sum();
        if (lastMinute >= ATTESTATION_BURST) {
            alerts.raise(new AdminData.Alert("attestation-burst", AdminData.AlertKind.ATTESTATION_FAILURE_BURST, now,
                    lastMinute + " refused device requests in the last minute"));
        } else {
            alerts.clear("attestation-burst");
        }
        return new DashboardStats(now, rate, refusals, fleet.deviceCount(),
                fleet.certificatesExpiring(now, now.plus(Duration.ofHours(1))),
                fleet.certificatesExpiring(now, now.plus(Duration.ofDays(1))), vitals.outboxDepth(),
                vitals.syncLagSeconds().orElse(null), alerts.active());
    }

    /** Refused device requests per minute from which the dashboard raises an alert. */
    static final long ATTESTATION_BURST = 100;

    private AdminReply breakGlassTake(AdminRequest.BreakGlassTake r, Operator operator) {
        breakGlass.take(operator, r.reason().strip(), Duration.ofSeconds(r.durationSeconds()));
        return new AdminReply.BreakGlassReply(r.requestId(), breakGlassState(operator).orElse(null));
    }

    // ------------------------------------------------------------------ helpers

    private static String clamp(String text, int max) {
        if (text == null || text.isEmpty()) {
            return "-";
        }
        String clean = text.replaceAll("\\p{Cntrl}", " ");
        return clean.length() > max ? clean.substring(0, max) : clean;
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private static <T> T join(java.util.concurrent.CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            LOG.warn("admin use case failed: {}", cause.toString());
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }
}
