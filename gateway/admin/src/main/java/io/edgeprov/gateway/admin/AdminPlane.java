package io.edgeprov.gateway.admin;

import io.edgeprov.contracts.admin.AdminCodec;
import io.edgeprov.contracts.admin.AdminCommand;
import io.edgeprov.contracts.admin.AdminDecodeResult;
import io.edgeprov.contracts.admin.AdminErrorCode;
import io.edgeprov.contracts.admin.AdminEvent;
import io.edgeprov.contracts.admin.AdminRejection;
import io.edgeprov.contracts.admin.AdminReply;
import io.edgeprov.contracts.admin.AdminRequest;
import io.edgeprov.contracts.admin.AdminTopics;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.OperatorStore;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import io.edgeprov.gateway.core.operator.OperatorPlane;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The admin plane on the embedded broker (docs/decisions/0030). At CONNECT it recognises an operator by the
 * SHA-256 of the client certificate (registered with {@code operator add}); a device certificate never becomes an
 * operator. On every request it re-reads the operator (a disabled one is refused and cut off), decodes strictly,
 * checks the command's permission against the operator's role and break-glass, and only then calls the core's use
 * cases with the operator's principal, which check and audit again. Refusals are audited as DENIED under the
 * operator. Answers go on the request's accepted or rejected topic.
 */
public final class AdminPlane implements OperatorPlane {
    private static final Logger LOG = LoggerFactory.getLogger(AdminPlane.class);
    /** How often changed device ids go out, at most (decision 0033). */
    static final Duration FLUSH_EVERY = Duration.ofMillis(250);
    static final Duration STATS_EVERY = Duration.ofSeconds(5);

    private final OperatorStore operators;
    private final AuditLog audit;
    private final Clock clock;
    private final AdminCodec codec = new AdminCodec();
    private final BreakGlass breakGlass;
    private final EventHub events;
    private final AdminRequests requests;
    private final Alerts alerts;
    private volatile Optional<ScheduledExecutorService> ticker = Optional.empty();
    private volatile Optional<Outbox> outbox = Optional.empty();
    private final boolean timers;

    private AdminPlane(Builder b) {
        this.operators = b.operators;
        this.audit = b.audit;
        this.clock = b.clock;
        this.timers = b.timers;
        this.breakGlass = new BreakGlass(b.audit, b.clock);
        this.events = new EventHub(codec);
        this.alerts = new Alerts(events);
        this.requests = new AdminRequests(b, breakGlass, events, alerts);
        breakGlass.onChange(alerts::breakGlass);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ------------------------------------------------------------------ connect

    @Override
    public Admission admit(String clientId, X509Certificate leaf) {
        Sha256Digest fingerprint;
        try {
            fingerprint = Sha256Digest.of(leaf.getEncoded());
        } catch (CertificateEncodingException e) {
            return new Admission.NotOperator();
        }
        Optional<Operator> found = operators.findByCertificate(fingerprint);
        if (found.isEmpty()) {
            return new Admission.NotOperator();
        }
        Operator operator = found.get();
        if (namesDeviceOrGateway(leaf)) {
            return new Admission.Refused(false, "a device or gateway certificate cannot act as an operator");
        }
        if (!operator.enabled()) {
            return new Admission.Refused(true, "operator " + operator.name() + " is disabled");
        }
        if (!AdminTopics.clientId(operator.name()).equals(clientId)) {
            return new Admission.Refused(false, "operator " + operator.name() + " must connect as "
                    + AdminTopics.clientId(operator.name()));
        }
        events.connected(operator.name());
        return new Admission.Admitted(operator.name());
    }

    /** Device and gateway certificates carry a SPIFFE URI naming a device or gateway (decision 0001). */
    public static boolean namesDeviceOrGateway(X509Certificate certificate) {
        try {
            Collection<List<?>> names = certificate.getSubjectAlternativeNames();
            if (names == null) {
                return false;
            }
            for (List<?> name : names) {
                if (Integer.valueOf(6).equals(name.get(0)) && name.get(1) instanceof String uri
                        && uri.startsWith("spiffe://") && (uri.contains("/device/") || uri.contains("/gateway/"))) {
                    return true;
                }
            }
            return false;
        } catch (CertificateParsingException e) {
            return true;
        }
    }

    @Override
    public List<Grant> grants(String operatorId) {
        List<Grant> grants = new ArrayList<>();
        for (AdminCommand command : AdminCommand.values()) {
            grants.add(new Grant(AdminTopics.request(operatorId, command), true));
        }
        grants.add(new Grant(AdminTopics.acceptedFilter(operatorId), false));
        grants.add(new Grant(AdminTopics.rejectedFilter(operatorId), false));
        grants.add(new Grant(AdminTopics.events(operatorId), false));
        return List.copyOf(grants);
    }

    @Override
    public boolean ownsTopic(String topicOrFilter) {
        return AdminTopics.isAdmin(topicOrFilter);
    }

    // ------------------------------------------------------------------ requests

    @Override
    public CompletableFuture<List<Outgoing>> handle(String operatorId, String topic, byte[] payload) {
        return CompletableFuture.completedFuture(List.of(answer(operatorId, topic, payload)));
    }

    /** One request's answer; never throws. */
    Outgoing answer(String operatorId, String topic, byte[] payload) {
        Optional<AdminTopics.Topic> parsed = AdminTopics.parse(topic);
        if (parsed.isEmpty() || parsed.get().kind() != AdminTopics.Kind.REQUEST
                || !parsed.get().operatorId().equals(operatorId)) {
            // The broker only lets an operator publish on its own request topics; this is the second lock.
            throw new IllegalArgumentException("not a request topic of this operator");
        }
        AdminCommand command = parsed.get().command().orElseThrow();
        String requestId = AdminRejection.NO_REQUEST_ID;
        try {
            Operator operator = operators.findByName(operatorId).filter(Operator::enabled).orElseThrow(() -> {
                cutOff(operatorId);
                return new AdminRefusal(AdminErrorCode.OPERATOR_DISABLED, "operator " + operatorId
                        + " is disabled or no longer registered");
            });
            AdminDecodeResult<AdminRequest> decoded = codec.decodeRequest(command, payload);
            if (decoded instanceof AdminDecodeResult.Malformed<AdminRequest> m) {
                requestId = m.requestId().orElse(AdminRejection.NO_REQUEST_ID);
                throw new AdminRefusal(AdminErrorCode.MALFORMED, m.describe());
            }
            AdminRequest request = decoded.decoded().orElseThrow();
            requestId = request.requestId();
            events.connected(operatorId);
            Principal principal = breakGlass.principal(operator);
            check(operator, principal, command);
            AdminReply reply = requests.serve(command, request, operator, principal);
            return new Outgoing(AdminTopics.accepted(operatorId, command), codec.encode((Record) reply));
        } catch (AdminRefusal refusal) {
            return reject(operatorId, command, requestId, refusal.code(), refusal.detail());
        } catch (RuntimeException e) {
            LOG.warn("admin request {} of operator {} failed: {}", command.level(), operatorId, e.toString());
            return reject(operatorId, command, requestId, AdminErrorCode.INTERNAL_ERROR, AdminErrorCode.INTERNAL_ERROR.words());
        }
    }

    /** The gateway's own role check, before any use case: audited as DENIED when it refuses. */
    private void check(Operator operator, Principal principal, AdminCommand command) {
        Optional<Permission> needed = AdminPermissions.required(command);
        if (needed.isEmpty() || principal.may(needed.get())) {
            return;
        }
        AdminErrorCode code = operator.role() == OperatorRole.OPERATOR && BreakGlass.GRANTED.contains(needed.get())
                ? AdminErrorCode.BREAK_GLASS_REQUIRED : AdminErrorCode.NOT_PERMITTED;
        audit.append(AuditEvent.of(clock.instant().truncatedTo(ChronoUnit.MILLIS), principal.actor(), "admin." + command.level(),
                principal.actor(), AuditOutcome.DENIED, code.name()).withDetail("permission", needed.get().name())).join();
        throw new AdminRefusal(code, operator.role().word() + " " + operator.name() + " lacks " + needed.get()
                + " for " + command.level());
    }

    private Outgoing reject(String operatorId, AdminCommand command, String requestId, AdminErrorCode code, String detail) {
        String bounded = detail.length() > 1000 ? detail.substring(0, 1000) : detail;
        return new Outgoing(AdminTopics.rejected(operatorId, command),
                codec.encode(new AdminRejection(requestId, code, bounded.isEmpty() ? code.words() : bounded)));
    }

    private void cutOff(String operatorId) {
        outbox.ifPresent(out -> out.disconnect(AdminTopics.clientId(operatorId), "operator disabled"));
    }

    // ------------------------------------------------------------------ events and timers

    @Override
    public void attach(Outbox value) {
        outbox = Optional.of(value);
        events.attach(value);
        if (!timers) {
            return;
        }
        ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(body -> {
            Thread t = new Thread(body, "admin-plane-ticker");
            t.setDaemon(true);
            return t;
        });
        scheduler.scheduleWithFixedDelay(this::safely, FLUSH_EVERY.toMillis(), FLUSH_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        scheduler.scheduleWithFixedDelay(() -> {
            try {
                tick();
            } catch (RuntimeException e) {
                LOG.warn("admin plane statistics failed: {}", e.toString());
            }
        }, STATS_EVERY.toMillis(), STATS_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        ticker = Optional.of(scheduler);
    }

    private void safely() {
        try {
            events.flush();
            breakGlass.expire();
        } catch (RuntimeException e) {
            LOG.warn("admin plane housekeeping failed: {}", e.toString());
        }
    }

    /** Statistics for every connected console, and the alerts they imply. */
    void tick() {
        if (!events.anyoneListening()) {
            return; // no console has connected since start: no reason to query the registry every 5 s
        }
        events.broadcast(new AdminEvent.StatsTick(requests.stats()));
    }

    @Override
    public void detach() {
        ticker.ifPresent(ScheduledExecutorService::shutdownNow);
        ticker = Optional.empty();
        outbox = Optional.empty();
        events.detach();
    }

    /** Devices whose rows changed (a revocation made elsewhere, an issuance): the console hears of them coalesced. */
    public void devicesChanged(List<String> deviceIds) {
        events.devicesChanged(deviceIds);
    }

    /** For tests: runs the periodic work now. */
    void housekeepingNow() {
        safely();
    }

    BreakGlass breakGlass() {
        return breakGlass;
    }

    EventHub events() {
        return events;
    }

    /** Builds an {@link AdminPlane}; every collaborator is required except the vitals. */
    public static final class Builder {
        OperatorStore operators;
        AuditLog audit;
        Clock clock = Clock.systemUTC();
        io.edgeprov.gateway.core.fleet.FleetQueries fleet;
        io.edgeprov.gateway.core.fleet.PendingDevices pending;
        io.edgeprov.gateway.core.onboarding.PendingApprovals approvals;
        io.edgeprov.gateway.core.onboarding.OnboardDevices onboarding;
        io.edgeprov.gateway.core.registry.EnrollmentStore enrollments;
        io.edgeprov.gateway.core.registry.CertificateStore certificates;
        Revocations revocations;
        GatewayVitals vitals = GatewayVitals.none();
        boolean timers = true;

        private Builder() {
        }

        /** Tests run the periodic work themselves ({@link AdminPlane#housekeepingNow()}), deterministically. */
        Builder withoutTimers() {
            this.timers = false;
            return this;
        }

        public Builder operators(OperatorStore value) {
            this.operators = value;
            return this;
        }

        public Builder auditLog(AuditLog value) {
            this.audit = value;
            return this;
        }

        public Builder clock(Clock value) {
            this.clock = value;
            return this;
        }

        public Builder fleet(io.edgeprov.gateway.core.fleet.FleetQueries value) {
            this.fleet = value;
            return this;
        }

        public Builder pending(io.edgeprov.gateway.core.fleet.PendingDevices value) {
            this.pending = value;
            return this;
        }

        public Builder approvals(io.edgeprov.gateway.core.onboarding.PendingApprovals value) {
            this.approvals = value;
            return this;
        }

        public Builder onboarding(io.edgeprov.gateway.core.onboarding.OnboardDevices value) {
            this.onboarding = value;
            return this;
        }

        public Builder enrollments(io.edgeprov.gateway.core.registry.EnrollmentStore value) {
            this.enrollments = value;
            return this;
        }

        public Builder certificates(io.edgeprov.gateway.core.registry.CertificateStore value) {
            this.certificates = value;
            return this;
        }

        public Builder revocations(Revocations value) {
            this.revocations = value;
            return this;
        }

        public Builder vitals(GatewayVitals value) {
            this.vitals = value;
            return this;
        }

        public AdminPlane build() {
            Objects.requireNonNull(operators, "operators");
            Objects.requireNonNull(audit, "auditLog");
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(fleet, "fleet");
            Objects.requireNonNull(pending, "pending");
            Objects.requireNonNull(approvals, "approvals");
            Objects.requireNonNull(onboarding, "onboarding");
            Objects.requireNonNull(enrollments, "enrollments");
            Objects.requireNonNull(certificates, "certificates");
            Objects.requireNonNull(revocations, "revocations");
            Objects.requireNonNull(vitals, "vitals");
            return new AdminPlane(this);
        }
    }
}
