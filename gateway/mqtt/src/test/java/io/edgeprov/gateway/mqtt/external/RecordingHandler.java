package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.ClientIdentity;
import io.edgeprov.gateway.mqtt.DeviceRequestHandler;
import io.edgeprov.gateway.mqtt.Reply;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** Records every request the bridge hands over and echoes its payload to the request's accepted topic. */
final class RecordingHandler implements DeviceRequestHandler {

    /** One request as the handler saw it. */
    record Seen(ClientIdentity who, String topic, String payload) {
    }

    private final BlockingQueue<Seen> seen = new LinkedBlockingQueue<>();

    @Override
    public CompletableFuture<Optional<Reply>> handle(ClientIdentity who, String topic, byte[] payload) {
        seen.add(new Seen(who, topic, new String(payload, java.nio.charset.StandardCharsets.UTF_8)));
        return CompletableFuture.completedFuture(Optional.of(new Reply(topic + "/accepted", payload)));
    }

    /** The next request handed over, waiting up to {@code timeout}. */
    Optional<Seen> next(Duration timeout) throws InterruptedException {
        return Optional.ofNullable(seen.poll(timeout.toMillis(), TimeUnit.MILLISECONDS));
    }

    void clear() {
        seen.clear();
    }
}
