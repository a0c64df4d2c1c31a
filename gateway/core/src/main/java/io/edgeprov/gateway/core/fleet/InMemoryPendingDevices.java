package io.edgeprov.gateway.core.fleet;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditLog;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The pending queue in memory, auditing removals like the SQLite store, for use-case tests. */
public final class InMemoryPendingDevices implements PendingDevices {
    private final AuditLog audit;
    private final Map<String, PendingDevice> byId = new TreeMap<>();

    public InMemoryPendingDevices(AuditLog audit) {
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    @Override
    public synchronized CompletableFuture<Void> record(String deviceId, Sha256Digest ekSha256, String rootBundle, Instant at) {
        PendingDevice before = byId.get(deviceId);
        byId.put(deviceId, before == null ? new PendingDevice(deviceId, ekSha256, rootBundle, at, at, 1)
                : new PendingDevice(deviceId, ekSha256, rootBundle, before.firstSeen(), at, before.attempts() + 1));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public synchronized Optional<PendingDevice> find(String deviceId) {
        return Optional.ofNullable(byId.get(deviceId));
    }

    @Override
    public synchronized List<PendingDevice> page(Optional<FleetCursor> after, int size) {
        Comparator<PendingDevice> order = Comparator.comparing(PendingDevice::firstSeen).thenComparing(PendingDevice::deviceId);
        return byId.values().stream().sorted(order)
                .filter(p -> after.isEmpty() || p.firstSeen().toEpochMilli() > Long.parseLong(after.get().key())
                        || (p.firstSeen().toEpochMilli() == Long.parseLong(after.get().key())
                                && p.deviceId().compareTo(after.get().deviceId()) > 0))
                .limit(size).toList();
    }

    @Override
    public synchronized long count() {
        return byId.size();
    }

    @Override
    public synchronized CompletableFuture<Boolean> remove(String deviceId, AuditEvent event) {
        if (byId.remove(deviceId) == null) {
            return CompletableFuture.completedFuture(false);
        }
        return audit.append(event).thenApply(entry -> true);
    }
}
