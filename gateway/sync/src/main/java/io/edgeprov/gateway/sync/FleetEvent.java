package io.edgeprov.gateway.sync;

import io.edgeprov.gateway.core.registry.RevocationOrigin;
import io.edgeprov.gateway.core.registry.RevocationRecord;
import java.util.List;
import java.util.Objects;

/**
 * One revocation as it travels between gateways: the decision, its place in the origin's sequence, and
 * the serials it revoked at the origin (information only: each gateway revokes what it holds itself).
 *
 * @param sequence the origin's outbox sequence number
 * @param revocation the decision, with its origin gateway
 * @param serials certificates it revoked at the origin
 */
public record FleetEvent(long sequence, RevocationRecord revocation, List<String> serials) {
    /** Most serials one event may list: one device's certificates, bounded. */
    public static final int MAX_SERIALS = 64;

    public FleetEvent {
        if (sequence < 1) {
            throw new IllegalArgumentException("sequence must be positive, got " + sequence);
        }
        Objects.requireNonNull(revocation, "revocation");
        if (!(revocation.origin() instanceof RevocationOrigin.Gateway)) {
            throw new IllegalArgumentException("a fleet event names its origin gateway");
        }
        serials = List.copyOf(serials);
        if (serials.size() > MAX_SERIALS) {
            throw new IllegalArgumentException("at most " + MAX_SERIALS + " serials per event");
        }
    }
}
