package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.CredentialBundle;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.DeviceMessage;
import io.edgeprov.contracts.device.DeviceTopics;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.RenewRequest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The enrollment protocol over MQTT topics: each request is published on its topic and answered on
 * that topic's {@code accepted} or {@code rejected} level, correlated by the client token (so stale
 * replies to an earlier, timed-out request are skipped); revocation notices arrive on {@code notice}.
 */
public final class MqttEnrollmentChannel implements EnrollmentChannel {
    private final DeviceId id;
    private final DeviceTransport transport;
    private final DeviceCodec codec;
    private final Clock clock;
    private final ReplyWaiter replies = new ReplyWaiter();
    private volatile Listener listener;

    public MqttEnrollmentChannel(DeviceId id, DeviceTransport transport, DeviceCodec codec, Clock clock) {
        this.id = Objects.requireNonNull(id, "id");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.clock = Objects.requireNonNull(clock, "clock");
        transport.listener(new DeviceTransport.Listener() {
            @Override
            public void messageArrived(String topic, byte[] payload) {
                onMessage(topic, payload);
            }

            @Override
            public void connectionLost(String reason) {
                Listener l = listener;
                if (l != null) {
                    l.connectionLost(reason);
                }
                replies.connectionLost();
            }
        });
    }

    /** The MQTT transport underneath, for tests that drive the broker side. */
    public DeviceTransport transport() {
        return transport;
    }

    @Override
    public void listener(Listener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public void openForAttestation(Duration timeout) throws TransportException {
        transport.disconnect(timeout);
        transport.connect(Optional.empty(), timeout);
        String begin = DeviceTopics.enrollBegin(id);
        String finish = DeviceTopics.enrollFinish(id);
        transport.subscribe(List.of(DeviceTopics.accepted(begin), DeviceTopics.rejected(begin),
                DeviceTopics.accepted(finish), DeviceTopics.rejected(finish)), timeout);
    }

    @Override
    public void openWith(DeviceCredential credential, Duration timeout) throws TransportException {
        transport.connect(Optional.of(credential), timeout);
        subscribeEnrolled(timeout);
    }

    @Override
    public boolean continueAsEnrolled(DeviceCredential credential, Duration timeout) throws TransportException {
        if (!transport.isConnected() || !transport.promotedToDevice()) {
            return false;
        }
        subscribeEnrolled(timeout);
        return true;
    }

    private void subscribeEnrolled(Duration timeout) throws TransportException {
        String renew = DeviceTopics.renew(id);
        transport.subscribe(List.of(DeviceTopics.accepted(renew), DeviceTopics.rejected(renew), DeviceTopics.notice(id)),
                timeout);
    }

    @Override
    public ChannelReply<Challenge> begin(AttestationBegin request, Duration timeout) throws TransportException {
        return exchange(DeviceTopics.enrollBegin(id), request, request.clientToken(), codec::decodeChallenge,
                Challenge::clientToken, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> finish(AttestationFinish request, Duration timeout) throws TransportException {
        return exchange(DeviceTopics.enrollFinish(id), request, request.clientToken(), codec::decodeCredentialBundle,
                CredentialBundle::clientToken, timeout);
    }

    @Override
    public ChannelReply<CredentialBundle> renew(RenewRequest request, Duration timeout) throws TransportException {
        return exchange(DeviceTopics.renew(id), request, request.clientToken(), codec::decodeCredentialBundle,
                CredentialBundle::clientToken, timeout);
    }

    @Override
    public boolean isOpen() {
        return transport.isConnected();
    }

    @Override
    public void disconnect(Duration timeout) {
        transport.disconnect(timeout);
    }

    @Override
    public void close() {
        transport.close();
    }

    /**
     * Publishes {@code request} and waits for the reply that carries {@code token}: the accepted
     * message decoded by {@code decodeAccepted}, or a Rejection.
     */
    private <T> ChannelReply<T> exchange(String topic, DeviceMessage request, ClientToken token,
                                         Function<byte[], DecodeResult<T>> decodeAccepted, Function<T, ClientToken> tokenOf,
                                         Duration timeout) throws TransportException {
        String accepted = DeviceTopics.accepted(topic);
        replies.expect(accepted, DeviceTopics.rejected(topic));
        try {
            transport.publish(topic, codec.encode(request), timeout);
            Instant deadline = clock.instant().plus(timeout);
            while (true) {
                Duration left = Duration.between(clock.instant(), deadline);
                Optional<ReplyWaiter.Arrival> arrival;
                try {
                    arrival = left.isNegative() ? Optional.empty() : replies.next(left);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return new ChannelReply.Failed<>(DeviceFailure.TIMED_OUT, "interrupted while waiting for a reply on " + topic);
                }
                if (arrival.isEmpty()) {
                    return new ChannelReply.Failed<>(DeviceFailure.TIMED_OUT, "no reply on " + topic + " within " + timeout);
                }
                ReplyWaiter.Arrival a = arrival.get();
                if (a.connectionLost()) {
                    return new ChannelReply.Failed<>(DeviceFailure.TRANSPORT, "connection lost while waiting for a reply on " + topic);
                }
                if (a.topic().equals(accepted)) {
                    DecodeResult<T> decoded = decodeAccepted.apply(a.payload());
                    if (decoded.malformed().isPresent()) {
                        DecodeResult.Malformed<T> m = decoded.malformed().get();
                        return new ChannelReply.Failed<>(DeviceFailure.BAD_REPLY, "malformed reply on " + a.topic() + ": "
                                + m.field() + " " + m.problem());
                    }
                    T reply = decoded.decoded().orElseThrow();
                    if (tokenOf.apply(reply).equals(token)) {
                        return new ChannelReply.Accepted<>(reply);
                    }
                } else {
                    DecodeResult<Rejection> decoded = codec.decodeRejection(a.payload());
                    Optional<Rejection> rejection = decoded.decoded();
                    if (rejection.isEmpty()) {
                        DecodeResult.Malformed<Rejection> m = decoded.malformed().orElseThrow();
                        return new ChannelReply.Failed<>(DeviceFailure.BAD_REPLY, "malformed rejection on " + a.topic() + ": "
                                + m.field() + " " + m.problem());
                    }
                    if (rejection.get().clientToken().equals(token)) {
                        return new ChannelReply.Refused<>(rejection.get());
                    }
                }
                // A stale reply to an earlier request that timed out: keep waiting for ours.
            }
        } finally {
            replies.done();
        }
    }

    private void onMessage(String topic, byte[] payload) {
        if (replies.offer(topic, payload)) {
            return;
        }
        Listener l = listener;
        if (l != null && topic.equals(DeviceTopics.notice(id))) {
            codec.decodeRevocationNotice(payload).decoded().ifPresent(l::noticeArrived);
        }
    }
}
