package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.ConnectRefusal;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Which client ids are connected and how (with a device certificate or without), and how many
 * certificate-less connections each source address holds, for the connect check. Each connection is
 * known by a token stored in its own attribute store, so the disconnect of a connection that was taken
 * over never releases the one that took it over. Synchronized: connects and disconnects arrive on
 * HiveMQ's threads and the gateway's.
 */
final class ConnectedClients {
    /** The attribute under which a connection keeps its token. */
    static final String TOKEN_KEY = "io.edgeprov.connection";

    private record Holder(String token, boolean certified, Optional<String> source) {
    }

    private final UnenrolledLimits limits;
    private final Map<String, Holder> byClientId = new HashMap<>();
    private final Map<String, Integer> unenrolledBySource = new HashMap<>();
    private int unenrolled;
    private long nextToken;

    ConnectedClients(UnenrolledLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Whether a client without a certificate may connect under {@code clientId} from {@code source}: not
     * while a certificate holder has that id ({@code holderConnected} says whether the broker still has
     * it: an entry whose disconnect was missed must not keep the id), and not beyond the limits; a
     * certificate-less connection it takes over frees its own place.
     */
    synchronized Optional<ConnectRefusal> refusalForUnenrolled(String clientId, Optional<String> source,
            boolean holderConnected) {
        Holder holder = byClientId.get(clientId);
        if (holder != null && holder.certified() && holderConnected) {
            return Optional.of(ConnectRefusal.CLIENT_ID_IN_USE);
        }
        boolean replaces = holder != null && !holder.certified();
        int fromSource = source.map(s -> unenrolledBySource.getOrDefault(s, 0)).orElse(0)
                - (replaces && holder.source().equals(source) ? 1 : 0);
        int inAll = unenrolled - (replaces ? 1 : 0);
        if (fromSource >= limits.perSource() || inAll >= limits.total()) {
            return Optional.of(ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED);
        }
        return Optional.empty();
    }

    /** Records an accepted connection and returns the token to store in its attributes. */
    synchronized String connected(String clientId, boolean certified, Optional<String> source) {
        String token = Long.toString(++nextToken);
        Holder previous = byClientId.put(clientId, new Holder(token, certified, source));
        if (previous != null) {
            forget(previous);
        }
        if (!certified) {
            unenrolled++;
            source.ifPresent(s -> unenrolledBySource.merge(s, 1, Integer::sum));
        }
        return token;
    }

    /** Forgets the connection with this token, if it still holds the id. */
    synchronized void disconnected(String clientId, String token) {
        Holder holder = byClientId.get(clientId);
        if (holder != null && holder.token().equals(token)) {
            byClientId.remove(clientId);
            forget(holder);
        }
    }

    synchronized int unenrolled() {
        return unenrolled;
    }

    private void forget(Holder holder) {
        if (!holder.certified()) {
            unenrolled--;
            holder.source().ifPresent(s -> unenrolledBySource.computeIfPresent(s, (key, n) -> n > 1 ? n - 1 : null));
        }
    }
}
