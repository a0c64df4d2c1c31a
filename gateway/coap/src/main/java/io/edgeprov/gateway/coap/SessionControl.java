package io.edgeprov.gateway.coap;

import io.edgeprov.gateway.core.device.ConnectionEffect;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import java.net.InetSocketAddress;
import java.security.Principal;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.elements.DtlsEndpointContext;
import org.eclipse.californium.elements.EndpointContext;
import org.eclipse.californium.elements.util.Bytes;
import org.eclipse.californium.elements.util.Filter;
import org.eclipse.californium.scandium.ConnectionListener;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.dtls.Connection;
import org.eclipse.californium.scandium.dtls.DTLSSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the front end does to DTLS sessions: reads the identity a session proved, applies the core's
 * connection effects, and cuts a revoked device's sessions off.
 *
 * <ul>
 * <li>{@code BoundToDevice} after a renewal on a session with a device certificate: the session's
 * identity becomes the new certificate (by its Connection ID), so the device keeps renewing on one long
 * session after its first certificate expired, as on MQTT (decision 0016). A session without a
 * certificate is not promoted (the one-connection enrollment is issue 15's); the device opens a new
 * session with its certificate.</li>
 * <li>{@code CutOff}: every DTLS session whose certificate names the device is terminated (close_notify,
 * then removed), the same as on revocation.</li>
 * </ul>
 */
final class SessionControl {
    private static final Logger LOG = LoggerFactory.getLogger(SessionControl.class);
    /** How long the close_notify has to leave before the session is removed (MQTT's notice grace is 150 ms too). */
    private static final Duration CLOSE_NOTIFY_GRACE = Duration.ofMillis(150);

    private final Map<String, ClientIdentity.Device> rebound = new ConcurrentHashMap<>();
    /** The established sessions of each device with a certificate, so a cut-off needs no pass over every connection. */
    private final Map<String, Set<Connection>> sessionsByDevice = new ConcurrentHashMap<>();
    private final int maxRebound;
    private volatile Optional<DTLSConnector> connector = Optional.empty();

    SessionControl(int maxRebound) {
        this.maxRebound = maxRebound;
    }

    void attach(DTLSConnector value) {
        connector = Optional.of(value);
    }

    void detach() {
        connector = Optional.empty();
        rebound.clear();
        sessionsByDevice.clear();
    }

    /** The device this session's certificate (or a renewal on it since) proved; empty without a certificate. */
    Optional<ClientIdentity.Device> identityOf(EndpointContext context) {
        Optional<ClientIdentity.Device> proved = PeerIdentities.of(context);
        if (proved.isEmpty()) {
            return proved;
        }
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        ClientIdentity.Device newer = cid == null ? null : rebound.get(cid.getAsString());
        return newer != null && newer.deviceId().equals(proved.get().deviceId()) ? Optional.of(newer) : proved;
    }

    /** Applies a request's effects to the session it came on; called once its answer was sent. */
    void apply(List<ConnectionEffect> effects, EndpointContext context) {
        ConnectionEffect.Applier applier = new ConnectionEffect.Applier() {
            @Override
            public void boundToDevice(ConnectionEffect.BoundToDevice effect) {
                rebind(context, effect.identity());
            }

            @Override
            public void cutOff(ConnectionEffect.CutOff effect) {
                SessionControl.this.cutOff(effect.deviceId());
            }
        };
        effects.forEach(effect -> effect.applyTo(applier));
    }

    private void rebind(EndpointContext context, ClientIdentity.Device identity) {
        if (context == null || PeerIdentities.of(context).isEmpty()) {
            return;
        }
        Bytes cid = context.get(DtlsEndpointContext.KEY_READ_CONNECTION_ID);
        if (cid != null && (rebound.size() < maxRebound || rebound.containsKey(cid.getAsString()))) {
            rebound.put(cid.getAsString(), identity);
        }
    }

    /**
     * Terminates every DTLS session whose certificate names {@code deviceId}: a close_notify first, so the
     * device learns at once (its next handshake is refused as revoked), then, after a short grace for the
     * alert to leave, the session is forgotten. {@code startTerminateConnectionsForPrincipal} alone removes
     * the session silently: the device would learn only when a request of its own went unanswered.
     */
    void cutOff(String deviceId) {
        Set<Connection> open = sessionsByDevice.remove(deviceId);
        if (open == null || open.isEmpty()) {
            // the usual case in a large revocation batch: no DTLS session to end, and no pass over the connections
            return;
        }
        connector.ifPresent(dtls -> {
            for (Connection connection : open) {
                InetSocketAddress peer = connection.getPeerAddress();
                if (peer != null) {
                    dtls.close(peer);
                }
            }
            Filter<Principal> ofDevice = principal -> names(principal, deviceId);
            CompletableFuture.delayedExecutor(CLOSE_NOTIFY_GRACE.toMillis(), TimeUnit.MILLISECONDS)
                    .execute(() -> dtls.startTerminateConnectionsForPrincipal(ofDevice, true));
            LOG.info("DTLS sessions of device {} cut off", deviceId);
        });
    }

    private static boolean names(Principal principal, String deviceId) {
        return PeerIdentities.of(principal).map(device -> device.deviceId().equals(deviceId)).orElse(false);
    }

    private static Optional<String> deviceOf(Connection connection) {
        DTLSSession session = connection.getEstablishedSession();
        return session == null ? Optional.empty()
                : PeerIdentities.of(session.getPeerIdentity()).map(ClientIdentity.Device::deviceId);
    }

    /** Indexes sessions by the device their certificate proved, and forgets a session's rebinding when Scandium removes it. */
    ConnectionListener listener() {
        return new ConnectionListener() {
            @Override
            public void onConnectionEstablished(Connection connection) {
                deviceOf(connection).ifPresent(device -> sessionsByDevice
                        .computeIfAbsent(device, d -> ConcurrentHashMap.newKeySet()).add(connection));
            }

            @Override
            public void onConnectionRemoved(Connection connection) {
                if (connection.getConnectionId() != null) {
                    rebound.remove(connection.getConnectionId().getAsString());
                }
                deviceOf(connection).ifPresent(device -> sessionsByDevice.computeIfPresent(device, (d, set) -> {
                    set.remove(connection);
                    return set.isEmpty() ? null : set;
                }));
            }

            @Override
            public boolean onConnectionUpdatesSequenceNumbers(Connection connection, boolean writeSequenceNumber) {
                return false;
            }

            @Override
            public boolean onConnectionMacError(Connection connection) {
                return false;
            }

            @Override
            public void beforeExecution(Connection connection) {
            }

            @Override
            public void updateExecution(Connection connection) {
            }

            @Override
            public void afterExecution(Connection connection) {
            }
        };
    }
}
