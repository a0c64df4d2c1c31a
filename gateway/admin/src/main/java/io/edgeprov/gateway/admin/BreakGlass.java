package io.edgeprov.gateway.admin;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.operator.Operator;
import io.edgeprov.gateway.core.operator.OperatorRole;
import io.edgeprov.gateway.core.operator.Permission;
import io.edgeprov.gateway.core.operator.Principal;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Time-bounded elevated rights (docs/decisions/0032). Only an operator of role {@code operator} may take it, with
 * a written reason, for 1 minute to 4 hours; it grants the technician's ONBOARD and APPROVE. Taking, releasing
 * and expiring are audited; the plane raises and clears a BREAK_GLASS alert. Expiry needs no timer to be safe:
 * {@link #principal} consults the clock on every request (and the principal once more at each use);
 * {@link #expire()} (run every few seconds) only audits the expiry and clears the alert. State lives in memory:
 * a gateway restart ends every break-glass, which is the safe direction.
 */
final class BreakGlass {
    /** What break-glass adds to an operator's role. */
    static final Set<Permission> GRANTED = Set.copyOf(EnumSet.of(Permission.ONBOARD, Permission.APPROVE));

    /** One operator's break-glass. */
    record Held(String operatorName, String reason, Instant since, Instant until) {
    }

    /** What happened, for alerts. */
    sealed interface Change permits Change.Taken, Change.Ended {
        record Taken(Held held) implements Change {
        }

        record Ended(Held held, String how) implements Change {
        }
    }

    private final AuditLog audit;
    private final Clock clock;
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    private volatile Consumer<Change> listener = change -> { };

    BreakGlass(AuditLog audit, Clock clock) {
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    void onChange(Consumer<Change> value) {
        this.listener = Objects.requireNonNull(value, "listener");
    }

    /** The principal an operator acts as now: elevated while break-glass is held and unexpired. */
    Principal principal(Operator operator) {
        Optional<Held> current = current(operator.name());
        return current.<Principal>map(h -> new Principal.BreakGlassOperator(operator, GRANTED, h.until(), clock))
                .orElseGet(() -> new Principal.RegisteredOperator(operator));
    }

    Optional<Held> current(String operatorName) {
        Held h = held.get(operatorName);
        return h != null && clock.instant().isBefore(h.until()) ? Optional.of(h) : Optional.empty();
    }

    /** Whether the operator's role may take break-glass at all. */
    static boolean mayTake(Operator operator) {
        return operator.enabled() && operator.role() == OperatorRole.OPERATOR;
    }

    Held take(Operator operator, String reason, Duration duration) {
        if (!mayTake(operator)) {
            audit.append(AuditEvent.of(now(), operator.actor(), "breakglass.take", operator.actor(), AuditOutcome.DENIED,
                    "NOT_PERMITTED")).join();
            throw new AdminRefusal(io.edgeprov.contracts.admin.AdminErrorCode.NOT_PERMITTED,
                    "only an operator of role operator may take break-glass");
        }
        Instant since = now();
        Held h = new Held(operator.name(), reason, since, since.plus(duration));
        audit.append(AuditEvent.of(since, operator.actor(), "breakglass.take", operator.actor(), AuditOutcome.SUCCESS, "OK")
                .withDetail("reason", reason).withDetail("until", h.until().toString())
                .withDetail("granted", "ONBOARD,APPROVE")).join();
        held.put(operator.name(), h);
        listener.accept(new Change.Taken(h));
        return h;
    }

    void release(Operator operator) {
        Held h = held.remove(operator.name());
        if (h == null) {
            return;
        }
        audit.append(AuditEvent.of(now(), operator.actor(), "breakglass.release", operator.actor(), AuditOutcome.SUCCESS,
                "OK")).join();
        listener.accept(new Change.Ended(h, "released"));
    }

    /** Ends (audits, clears the alert of) every break-glass past its time; returns how many ended. */
    int expire() {
        Instant now = now();
        List<Held> ended = new ArrayList<>();
        held.forEach((name, h) -> {
            if (!now.isBefore(h.until()) && held.remove(name, h)) {
                ended.add(h);
            }
        });
        for (Held h : ended) {
            audit.append(AuditEvent.of(now, "gateway", "breakglass.expire", "operator:" + h.operatorName(),
                    AuditOutcome.SUCCESS, "EXPIRED").withDetail("until", h.until().toString())).join();
            listener.accept(new Change.Ended(h, "expired"));
        }
        return ended.size();
    }

    List<Held> all() {
        return List.copyOf(held.values());
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
