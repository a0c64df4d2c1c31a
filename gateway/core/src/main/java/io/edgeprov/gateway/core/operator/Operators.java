package io.edgeprov.gateway.core.operator;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Registering operators, and finding the principal a client certificate stands for. Only a principal
 * with {@link Permission#MANAGE_OPERATORS} may register one; a refusal is audited like every other.
 */
public final class Operators {
    /** What registering an operator did. */
    public sealed interface Registration permits Registration.Added, Registration.Duplicate, Registration.NotPermitted {
        record Added(Operator operator) implements Registration {
        }

        record Duplicate(String detail) implements Registration {
        }

        record NotPermitted(String actor) implements Registration {
        }
    }

    private final OperatorStore store;
    private final AuditLog audit;
    private final Clock clock;

    public Operators(OperatorStore store, AuditLog audit, Clock clock) {
        this.store = Objects.requireNonNull(store, "store");
        this.audit = Objects.requireNonNull(audit, "audit");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public CompletableFuture<Registration> register(Principal actor, String name, OperatorRole role,
            Sha256Digest certificateSha256) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        if (!actor.may(Permission.MANAGE_OPERATORS)) {
            return audit.append(AuditEvent.of(now, actor.actor(), "operator.add", "operator:" + name, AuditOutcome.DENIED,
                    "NOT_PERMITTED")).thenApply(entry -> new Registration.NotPermitted(actor.actor()));
        }
        Operator operator = new Operator(name, role, certificateSha256, true, actor.actor(), now);
        AuditEvent event = AuditEvent.of(now, actor.actor(), "operator.add", operator.actor(), AuditOutcome.SUCCESS, "OK")
                .withDetail("role", role.word())
                .withDetail("certificateSha256", certificateSha256.hex());
        return store.add(operator, event).<Registration>thenApply(Registration.Added::new).exceptionally(failure -> {
            Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
            if (cause instanceof RegistryException registry && registry.failure() == RegistryFailure.OPERATOR_EXISTS) {
                return new Registration.Duplicate("an operator with this name or certificate is already registered");
            }
            throw new CompletionException(cause);
        });
    }

    /** Enables or disables an operator (MANAGE_OPERATORS); empty when no operator has that name. */
    public CompletableFuture<Optional<Operator>> setEnabled(Principal actor, String name, boolean enabled) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
        String action = enabled ? "operator.enable" : "operator.disable";
        if (!actor.may(Permission.MANAGE_OPERATORS)) {
            return audit.append(AuditEvent.of(now, actor.actor(), action, "operator:" + name, AuditOutcome.DENIED,
                    "NOT_PERMITTED")).thenApply(entry -> Optional.empty());
        }
        return store.setEnabled(name, enabled, AuditEvent.of(now, actor.actor(), action, "operator:" + name,
                AuditOutcome.SUCCESS, "OK"));
    }

    /** The principal a verified client certificate stands for, if it belongs to a registered operator. */
    public Optional<Principal> principalOf(Sha256Digest certificateSha256) {
        return store.findByCertificate(certificateSha256).map(Principal.RegisteredOperator::new);
    }
}
