package io.edgeprov.gateway.core.operator;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The people the gateway knows; writes complete only once committed with the audit event they carry. */
public interface OperatorStore {

    /** The operator whose client certificate has this SHA-256 fingerprint. */
    Optional<Operator> findByCertificate(Sha256Digest certificateSha256);

    Optional<Operator> findByName(String name);

    /** Every operator, by name. */
    List<Operator> all();

    /**
     * Registers an operator; fails with {@code RegistryFailure.OPERATOR_EXISTS} when the name or the
     * certificate is already registered.
     */
    CompletableFuture<Operator> add(Operator operator, AuditEvent audit);

    /**
     * Enables or disables an operator, committing {@code audit} with the change; empty when no operator has that
     * name. A disabled operator's certificate is refused at connect and each of its requests is refused.
     */
    CompletableFuture<Optional<Operator>> setEnabled(String name, boolean enabled, AuditEvent audit);
}
