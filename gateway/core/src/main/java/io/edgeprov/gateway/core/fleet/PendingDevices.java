package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The pending queue's store: one row per device id, the latest EK it presented. */
public interface PendingDevices {

    /** Records (or refreshes) a refused genuine TPM; no audit entry: its refusal is audited already. */
    CompletableFuture<Void> record(String deviceId, Sha256Digest ekSha256, String rootBundle, Instant at);

    Optional<PendingDevice> find(String deviceId);

    /** Oldest first, after the device id {@code after} in that order. */
    List<PendingDevice> page(Optional<FleetCursor> after, int size);

    long count();

    /** Removes the device from the queue, committing {@code audit} with it; false when it was not there. */
    CompletableFuture<Boolean> remove(String deviceId, AuditEvent audit);

    /** A queue that records nothing (a core without the admin plane). */
    static PendingDevices none() {
        return new PendingDevices() {
            @Override
            public CompletableFuture<Void> record(String deviceId, Sha256Digest ekSha256, String rootBundle, Instant at) {
                return CompletableFuture.completedFuture(null);
            }

            @Override
            public Optional<PendingDevice> find(String deviceId) {
                return Optional.empty();
            }

            @Override
            public List<PendingDevice> page(Optional<FleetCursor> after, int size) {
                return List.of();
            }

            @Override
            public long count() {
                return 0;
            }

            @Override
            public CompletableFuture<Boolean> remove(String deviceId, AuditEvent audit) {
                return CompletableFuture.completedFuture(false);
            }
        };
    }
}
