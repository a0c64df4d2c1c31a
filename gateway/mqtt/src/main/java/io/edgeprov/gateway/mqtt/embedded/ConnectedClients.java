package io.edgeprov.gateway.mqtt.embedded;

import io.edgeprov.gateway.core.identity.ConnectDecision;
import io.edgeprov.gateway.core.identity.ConnectRefusal;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Which client ids are connected and how (with a device certificate or without), and how many
 * certificate-less connections each source address holds, for the connect check. Each connection is
 * known by a token stored in its own attribute store, so the disconnect of a connection that was taken
 * over never releases the one that took it over. Synchronized: connects and disconnects arrive on
 * HiveMQ's threads and the gateway's.
 *
 * <p>A certificate-less connection may take over another one, so that a squatter cannot keep a device
 * from attesting; but then a squatter could keep taking the id back and cut the device off mid-attestation
 * over and over. So a connection from another source may take over a certificate-less holder only once the
 * holder's source has held the id for {@link #TENURE_GRACE}: a device waits at most that long for its id,
 * and once it has the id, it has that long to attest before anyone else can take it. A source keeps its
 * tenure when it replaces its own connection or reconnects within the grace after leaving, so reconnecting
 * does not reset the clock in a squatter's favour.
 */
final class ConnectedClients {
    /** The attribute under which a connection keeps its token. */
    static final String TOKEN_KEY = "io.edgeprov.connection";
    /** How long a certificate-less holder keeps its id against other sources; longer than an attestation lasts. */
    static final Duration TENURE_GRACE = Duration.ofSeconds(15);

    private record Holder(String token, boolean certified, Optional<String> source, long since) {
    }

    /** A certificate-less holder that left: its source gets its tenure back if it returns within the grace. */
    private record Released(Optional<String> source, long since, long at) {
    }

    private final UnenrolledLimits limits;
    private final Map<String, Holder> byClientId = new HashMap<>();
    private final Map<String, Released> recentlyReleased = new HashMap<>();
    private final Map<String, Integer> unenrolledBySource = new HashMap<>();
    private final LongSupplier nanoTime;
    private final long graceNanos = TENURE_GRACE.toNanos();
    private long lastSweep;
    private int unenrolled;
    private long nextToken;
    private long accepted;

    ConnectedClients(UnenrolledLimits limits) {
        this(limits, System::nanoTime);
    }

    ConnectedClients(UnenrolledLimits limits, LongSupplier nanoTime) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
        this.lastSweep = nanoTime.getAsLong();
    }

    /**
     * Whether a client without a certificate may connect under {@code clientId} from {@code source}: not
     * while a certificate holder has that id ({@code holderConnected} says whether the broker still has
     * it: an entry whose disconnect was missed must not keep the id), not beyond the limits (a
     * certificate-less connection it takes over frees its own place), and not from another source while
     * the certificate-less holder is within its {@link #TENURE_GRACE}.
     */
    synchronized Optional<ConnectDecision.Refused> refusalForUnenrolled(String clientId, Optional<String> source,
            boolean holderConnected) {
        Holder holder = byClientId.get(clientId);
        if (holder != null && holder.certified() && holderConnected) {
            return Optional.of(new ConnectDecision.Refused(ConnectRefusal.CLIENT_ID_IN_USE,
                    "client id '" + clientId + "' is held by its certificate; only that certificate may take it over"));
        }
        boolean replaces = holder != null && !holder.certified();
        int fromSource = source.map(s -> unenrolledBySource.getOrDefault(s, 0)).orElse(0)
                - (replaces && holder.source().equals(source) ? 1 : 0);
        int inAll = unenrolled - (replaces ? 1 : 0);
        if (fromSource >= limits.perSource() || inAll >= limits.total()) {
            return Optional.of(new ConnectDecision.Refused(ConnectRefusal.UNENROLLED_CONNECTIONS_EXCEEDED,
                    "too many connections without a certificate from this source or in all"));
        }
        if (replaces && holderConnected && !holder.source().equals(source)
                && nanoTime.getAsLong() - holder.since() < graceNanos) {
            return Optional.of(new ConnectDecision.Refused(ConnectRefusal.CLIENT_ID_IN_USE, "client id '" + clientId
                    + "' was taken without a certificate from another source less than " + TENURE_GRACE.toSeconds()
                    + " s ago; try again after that"));
        }
        return Optional.empty();
    }

    /** Records an accepted connection and returns the token to store in its attributes. */
    synchronized String connected(String clientId, boolean certified, Optional<String> source) {
        long now = nanoTime.getAsLong();
        sweep(now);
        String token = Long.toString(++nextToken);
        accepted++;
        Released released = recentlyReleased.remove(clientId);
        Holder previous = byClientId.get(clientId);
        long since = now;
        if (previous != null && !previous.certified() && previous.source().equals(source)) {
            since = previous.since();
        } else if (previous == null && released != null && released.source().equals(source)
                && now - released.at() < graceNanos) {
            since = released.since();
        }
        byClientId.put(clientId, new Holder(token, certified, source, since));
        if (previous != null) {
            forget(previous);
        }
        if (!certified) {
            unenrolled++;
            source.ifPresent(s -> unenrolledBySource.merge(s, 1, Integer::sum));
        }
        return token;
    }

    /**
     * The certificate-less connection with this token now holds the device's rights (docs/decisions/0036):
     * from now on it is taken over only with the device's certificate, and it no longer counts against
     * the limits of certificate-less connections.
     *
     * @return false when that connection no longer holds the id (it was taken over): then nothing changes
     */
    synchronized boolean promoted(String clientId, String token) {
        Holder holder = byClientId.get(clientId);
        if (holder == null || !holder.token().equals(token)) {
            return false;
        }
        if (!holder.certified()) {
            forget(holder);
            byClientId.put(clientId, new Holder(token, true, holder.source(), holder.since()));
        }
        return true;
    }

    /** Forgets the connection with this token, if it still holds the id. */
    synchronized void disconnected(String clientId, String token) {
        Holder holder = byClientId.get(clientId);
        if (holder != null && holder.token().equals(token)) {
            byClientId.remove(clientId);
            forget(holder);
            if (!holder.certified()) {
                recentlyReleased.put(clientId, new Released(holder.source(), holder.since(), nanoTime.getAsLong()));
            }
        }
    }

    /** Connections accepted since start: each one a full or resumed TLS handshake (the benchmark's handshake count). */
    synchronized long accepted() {
        return accepted;
    }

    synchronized int unenrolled() {
        return unenrolled;
    }

    /** How many released ids are remembered for their tenure; the sweep keeps it to one grace's worth. */
    synchronized int remembered() {
        sweep(nanoTime.getAsLong());
        return recentlyReleased.size();
    }

    private void sweep(long now) {
        if (now - lastSweep >= graceNanos) {
            recentlyReleased.values().removeIf(released -> now - released.at() >= graceNanos);
            lastSweep = now;
        }
    }

    private void forget(Holder holder) {
        if (!holder.certified()) {
            unenrolled--;
            holder.source().ifPresent(s -> unenrolledBySource.computeIfPresent(s, (key, n) -> n > 1 ? n - 1 : null));
        }
    }
}
