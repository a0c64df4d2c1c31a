package io.edgeprov.gateway.mqtt;

import io.edgeprov.gateway.core.identity.ClientIdentity;

import io.edgeprov.gateway.mqtt.BrokerTopics.Request;
import io.edgeprov.gateway.mqtt.TopicGrant.Activity;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each identity may publish and subscribe to; everything not granted is denied.
 *
 * <p>Clients only ever publish requests; replies, notices and the CA topics are the gateway's.
 * An unenrolled client may run attestation and read its replies and the CA topics. A device
 * with a certificate may also renew, and read everything under its own subtree.
 */
public final class TopicPolicy {
    private static final Set<Request> UNENROLLED_REQUESTS = EnumSet.of(Request.ATTEST_BEGIN, Request.ATTEST_FINISH);
    private static final Set<Request> DEVICE_REQUESTS = EnumSet.allOf(Request.class);

    private TopicPolicy() {
    }

    /** The requests this identity may publish. */
    public static Set<Request> requests(ClientIdentity who) {
        return who instanceof ClientIdentity.Device ? DEVICE_REQUESTS : UNENROLLED_REQUESTS;
    }

    /** The request {@code topic} stands for, if {@code who} may publish it; empty means refuse. */
    public static Optional<Request> publishable(ClientIdentity who, String topic) {
        return BrokerTopics.requestOf(who.deviceId(), topic).filter(requests(who)::contains);
    }

    /**
     * Whether {@code who} may subscribe to {@code filter}: some subscribe grant covers every topic the
     * filter can match. {@code +} in a grant covers one level (a name or a {@code +}), {@code #} covers
     * the rest; a {@code #} or {@code +} in the filter is covered only by a wildcard in the grant at
     * that level. Shared subscriptions ({@code $share/...}) are never covered.
     */
    public static boolean subscribable(ClientIdentity who, String filter) {
        if (filter == null || filter.isEmpty()) {
            return false;
        }
        return grants(who).stream()
                .filter(grant -> grant.activity() == Activity.SUBSCRIBE)
                .anyMatch(grant -> covers(grant.filter(), filter));
    }

    private static boolean covers(String grant, String filter) {
        String[] granted = grant.split("/", -1);
        String[] asked = filter.split("/", -1);
        for (int level = 0; level < granted.length; level++) {
            if (granted[level].equals("#")) {
                return true;
            }
            if (level >= asked.length || asked[level].equals("#")) {
                return false;
            }
            if (!granted[level].equals("+") && !granted[level].equals(asked[level])) {
                return false;
            }
        }
        return granted.length == asked.length;
    }

    /** Every grant of {@code who}, for brokers that enforce permissions themselves (default deny). */
    public static List<TopicGrant> grants(ClientIdentity who) {
        String id = who.deviceId();
        List<TopicGrant> grants = new ArrayList<>();
        for (Request request : requests(who)) {
            grants.add(new TopicGrant(request.topic(id), Activity.PUBLISH));
        }
        if (who instanceof ClientIdentity.Device) {
            grants.add(new TopicGrant(BrokerTopics.deviceAll(id), Activity.SUBSCRIBE));
        } else {
            for (Request request : UNENROLLED_REQUESTS) {
                grants.add(new TopicGrant(request.accepted(id), Activity.SUBSCRIBE));
                grants.add(new TopicGrant(request.rejected(id), Activity.SUBSCRIBE));
            }
        }
        grants.add(new TopicGrant(BrokerTopics.CA_ALL, Activity.SUBSCRIBE));
        return List.copyOf(grants);
    }
}
