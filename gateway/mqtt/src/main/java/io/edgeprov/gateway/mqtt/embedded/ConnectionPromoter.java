package io.edgeprov.gateway.mqtt.embedded;

import com.hivemq.extension.sdk.api.client.parameter.ConnectionAttributeStore;
import com.hivemq.extension.sdk.api.packets.auth.ModifiableDefaultPermissions;
import io.edgeprov.gateway.core.device.ConnectionEffect;
import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.BrokerTopics;
import io.edgeprov.gateway.mqtt.Reply;
import io.edgeprov.gateway.mqtt.TopicPolicy;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one-handshake enrollment of one connection (docs/decisions/0036): a certificate-less MQTT 5
 * connection that began an attestation (got a challenge here) and finished it with that same challenge
 * here is granted the rights of the certificate just issued, on this connection.
 *
 * <p>So a connection is promoted only by a certificate issued for a challenge it was issued itself and
 * consumed itself: a device that attested on another connection, or a finish naming a challenge that
 * this connection did not get, promotes nothing. The challenges this connection was issued are held
 * only here, so they end with it; a few are kept (a device may begin again after a lost answer).
 *
 * <p>Promotion widens, never narrows: the device's grants are added to the connection's default
 * permissions (a superset of the certificate-less ones), so no packet ever sees an empty set; the
 * identity attribute (read by {@link SubscriptionGate}) and the interceptor's identity follow, and
 * {@link ConnectedClients} then protects the id as a certificate holder's. All of it happens before the
 * answer carrying the certificate is published, so the device's next packet already finds its rights.
 */
final class ConnectionPromoter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionPromoter.class);
    /** Challenges remembered per connection: more than a device begins again before it finishes. */
    static final int REMEMBERED_CHALLENGES = 4;

    private final String clientId;
    private final boolean mqtt5;
    private final ModifiableDefaultPermissions permissions;
    private final ConnectionAttributeStore attributes;
    private final ConnectedClients connected;
    private final Deque<String> issuedHere = new ArrayDeque<>();

    ConnectionPromoter(String clientId, boolean mqtt5, ModifiableDefaultPermissions permissions,
            ConnectionAttributeStore attributes, ConnectedClients connected) {
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.mqtt5 = mqtt5;
        this.permissions = Objects.requireNonNull(permissions, "permissions");
        this.attributes = Objects.requireNonNull(attributes, "attributes");
        this.connected = Objects.requireNonNull(connected, "connected");
    }

    /** Remembers the challenge an accepted begin on this connection issued. */
    synchronized void answered(ClientIdentity who, String topic, Reply reply) {
        if (reply.challengeId().isEmpty() || !reply.topic().equals(BrokerTopics.Request.ATTEST_BEGIN.accepted(who.deviceId()))) {
            return;
        }
        issuedHere.addLast(reply.challengeId().get());
        while (issuedHere.size() > REMEMBERED_CHALLENGES) {
            issuedHere.removeFirst();
        }
    }

    /**
     * Promotes this connection when {@code reply} is the accepted finish of a challenge issued here to
     * this certificate-less peer and carries the certificate's binding.
     *
     * @param identity the interceptor's identity of this connection, switched to the device on promotion
     * @return whether the connection now holds the device's rights
     */
    synchronized boolean promoteOn(ClientIdentity who, Reply reply, AtomicReference<Optional<ClientIdentity>> identity) {
        if (!(who instanceof ClientIdentity.Unenrolled) || !mqtt5 || reply.challengeId().isEmpty()
                || !reply.topic().equals(BrokerTopics.Request.ATTEST_FINISH.accepted(who.deviceId()))) {
            return false;
        }
        Optional<ConnectionEffect.BoundToDevice> bound = reply.effects().stream()
                .filter(ConnectionEffect.BoundToDevice.class::isInstance).map(ConnectionEffect.BoundToDevice.class::cast)
                .filter(effect -> effect.deviceId().equals(who.deviceId())).findFirst();
        if (bound.isEmpty()) {
            return false;
        }
        if (!issuedHere.remove(reply.challengeId().get())) {
            LOG.info("did not promote the connection of {}: its finish named a challenge issued on another connection",
                    who.deviceId());
            return false;
        }
        Optional<String> token = attributes.getAsString(ConnectedClients.TOKEN_KEY);
        if (token.isEmpty() || !connected.promoted(clientId, token.get())) {
            return false;
        }
        ClientIdentity.Device device = bound.get().identity();
        if (!RequestInterceptor.replace(identity, who, device)) {
            return false;
        }
        attributes.putAsString(IdentityAttribute.KEY, IdentityAttribute.encode(device));
        permissions.addAll(TopicPolicy.grants(device).stream().map(CertificateAuthenticator::toPermission).toList());
        LOG.debug("promoted the attesting connection of {} to certificate {}", device.deviceId(), device.serialHex());
        return true;
    }
}
