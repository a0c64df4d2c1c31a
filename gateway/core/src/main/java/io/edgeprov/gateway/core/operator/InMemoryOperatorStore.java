package io.edgeprov.gateway.core.operator;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.registry.RegistryException;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** Operators in memory, auditing each change like the SQLite store, for use-case tests. */
public final class InMemoryOperatorStore implements OperatorStore {
    private final AuditLog audit;
    private final Map<String, Operator> byName = new TreeMap<>();

    public InMemoryOperatorStore(AuditLog audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public synchronized Optional<Operator> findByCertificate(Sha256Digest certificateSha256) {
        return byName.values().stream().filter(o -> o.certificateSha256().equals(certificateSha256)).findFirst();
    }

    @Override
    public synchronized Optional<Operator> findByName(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    @Override
    public synchronized List<Operator> all() {
        return byName.values().stream().sorted(Comparator.comparing(Operator::name)).toList();
    }

    @Override
    public synchronized CompletableFuture<Operator> add(Operator operator, AuditEvent event) {
        if (byName.containsKey(operator.name()) || findByCertificate(operator.certificateSha256()).isPresent()) {
            return CompletableFuture.failedFuture(new RegistryException(RegistryFailure.OPERATOR_EXISTS,
                    "operator " + operator.name() + " or its certificate is already registered"));
        }
        byName.put(operator.name(), operator);
        return audit.append(event).thenApply(entry -> operator);
    }

    @Override
    public synchronized CompletableFuture<Optional<Operator>> setEnabled(String name, boolean enabled, AuditEvent event) {
        Operator found = byName.get(name);
        if (found == null) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Operator changed = new Operator(found.name(), found.role(), found.certificateSha256(), enabled, found.addedBy(),
                found.addedAt());
        byName.put(name, changed);
        return audit.append(event).thenApply(entry -> Optional.of(changed));
    }
}
