package io.edgeprov.gateway.app;

import io.edgeprov.contracts.codec.DecodeResult;
import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.Rejection;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.gateway.identity.BrokerTopics;
import io.edgeprov.gateway.identity.ClientIdentity;
import io.edgeprov.gateway.identity.DeviceRequestHandler;
import io.edgeprov.gateway.identity.Reply;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * Stands in until the enrollment handler is wired: every request is rejected with
 * {@link WireErrorCode#INTERNAL_ERROR} and a reason that says so, so a device backs off instead of
 * waiting for a reply that never comes. A request whose client token cannot be read gets no reply,
 * as the contract has no way to correlate it.
 */
public final class NotWiredRequestHandler implements DeviceRequestHandler {
    public static final String REASON = "enrollment is not wired into this gateway";

    private final DeviceCodec codec = new JsonDeviceCodec();

    @Override
    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
        Optional<BrokerTopics.Request> request = BrokerTopics.requestOf(who.deviceId(), topic);
        if (request.isEmpty()) {
            return CompletableFuture.completedFuture(Optional.empty());
        }
        Optional<ClientToken> token = clientToken(request.get(), payload);
        return CompletableFuture.completedFuture(token.map(t -> new Reply(request.get().rejected(who.deviceId()),
                codec.encode(new Rejection(t, WireErrorCode.INTERNAL_ERROR, REASON)))));
    }

    private Optional<ClientToken> clientToken(BrokerTopics.Request request, byte[] payload) {
        return switch (request) {
            case ATTEST_BEGIN -> token(codec.decodeAttestationBegin(payload), r -> r.clientToken());
            case ATTEST_FINISH -> token(codec.decodeAttestationFinish(payload), r -> r.clientToken());
            case RENEW -> token(codec.decodeRenewRequest(payload), r -> r.clientToken());
        };
    }

    private static <T> Optional<ClientToken> token(DecodeResult<T> result, java.util.function.Function<T, ClientToken> read) {
        Optional<T> decoded = result.decoded();
        if (decoded.isPresent()) {
            return Optional.of(read.apply(decoded.get()));
        }
        return result.malformed().flatMap(DecodeResult.Malformed::clientToken);
    }
}
