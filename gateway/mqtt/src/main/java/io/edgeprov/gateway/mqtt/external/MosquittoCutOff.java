package io.edgeprov.gateway.mqtt.external;

import io.edgeprov.gateway.core.identity.DeviceIds;
import io.edgeprov.gateway.mqtt.external.DynamicSecurityCommands.Answer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Disconnects a revoked device from Mosquitto at once (docs/decisions/0022). Mosquitto re-reads its
 * CRL only for new handshakes and keeps a connected client; its dynamic-security plugin, loaded on the
 * mTLS listener, disconnects every connection of a username when that client is deleted, and the
 * username there is the certificate CN, which the device cannot choose. The gateway's own connection
 * sends the commands; the ACL file lets no one else publish on the control topic.
 *
 * <p>Each command carries a random correlation and waits for the plugin's answer: a cut-off counts only
 * once the plugin confirmed it, is retried when unanswered or refused, and is counted as unconfirmed
 * when every attempt failed (the CRL still refuses the device's next handshake).
 */
public final class MosquittoCutOff {
    private static final Logger LOG = LoggerFactory.getLogger(MosquittoCutOff.class);
    /** The plugin answers within milliseconds; a lost answer must still leave time to retry within the second. */
    public static final Duration DEFAULT_ANSWER_TIMEOUT = Duration.ofMillis(300);
    public static final int DEFAULT_ATTEMPTS = 3;

    /** Where control commands go: the bridge's publish, which completes on the broker's PUBACK. */
    @FunctionalInterface
    public interface ControlChannel {
        CompletableFuture<Void> publish(String topic, byte[] payload);
    }

    private final String gatewayId;
    private final Duration answerTimeout;
    private final int attempts;
    private final SecureRandom random;
    private final Map<String, CompletableFuture<List<Answer>>> pending = new ConcurrentHashMap<>();
    private final AtomicInteger unconfirmed = new AtomicInteger();

    /**
     * @param gatewayId the gateway's own certificate name, which is never cut off (it would cut the gateway off)
     * @param answerTimeout how long one attempt waits for the plugin's answer
     * @param attempts how often a cut-off is sent before it is given up as unconfirmed
     */
    public MosquittoCutOff(String gatewayId, Duration answerTimeout, int attempts, SecureRandom random) {
        this.gatewayId = DeviceIds.require(gatewayId, "gatewayId");
        this.answerTimeout = Objects.requireNonNull(answerTimeout, "answerTimeout");
        this.random = Objects.requireNonNull(random, "random");
        if (answerTimeout.isNegative() || answerTimeout.isZero()) {
            throw new IllegalArgumentException("answerTimeout must be positive, got " + answerTimeout);
        }
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts must be at least 1, got " + attempts);
        }
        this.attempts = attempts;
    }

    public MosquittoCutOff(String gatewayId, SecureRandom random) {
        this(gatewayId, DEFAULT_ANSWER_TIMEOUT, DEFAULT_ATTEMPTS, random);
    }

    /**
     * Disconnects every connection holding a certificate named {@code deviceId}; completes once the
     * plugin confirmed it, or exceptionally with an {@link ExternalBrokerException} after the last attempt.
     */
    public CompletableFuture<Void> cutOff(ControlChannel channel, String deviceId) {
        Objects.requireNonNull(channel, "channel");
        if (!DeviceIds.isValid(deviceId) || gatewayId.equals(deviceId)) {
            return CompletableFuture.failedFuture(new ExternalBrokerException(ExternalBrokerFailure.CUT_OFF_FAILED,
                    "not cutting off \"" + deviceId + "\": only a valid device id other than the gateway's own can be"));
        }
        CompletableFuture<Void> done = new CompletableFuture<>();
        attempt(channel, deviceId, 1, done);
        return done;
    }

    /**
     * Checks that Mosquitto runs the plugin and that it holds nothing beyond what the gateway wrote: its
     * grants add to the ACL file's, so a client, role, group or allowing default there would widen them.
     * Completes exceptionally with {@link ExternalBrokerFailure#DYNAMIC_SECURITY_MISSING} when no answer
     * comes within {@code wait}, or {@link ExternalBrokerFailure#DYNAMIC_SECURITY_STATE}.
     */
    public CompletableFuture<Void> verifyState(ControlChannel channel, Duration wait) {
        return request(channel, DynamicSecurityCommands::stateProbe, wait).handle((answers, failure) -> {
            if (failure != null) {
                Throwable cause = unwrap(failure);
                if (cause instanceof TimeoutException) {
                    throw new CompletionException(new ExternalBrokerException(ExternalBrokerFailure.DYNAMIC_SECURITY_MISSING,
                            "Mosquitto did not answer on " + DynamicSecurityCommands.COMMAND_TOPIC + " within " + wait
                                    + ": it does not run the dynamic-security plugin on the mTLS listener (a plugin added"
                                    + " to its configuration loads only when Mosquitto restarts), so revoked devices"
                                    + " would stay connected"));
                }
                throw new CompletionException(cause);
            }
            List<String> beyond = DynamicSecurityCommands.grantsBeyondTheAclFile(answers);
            if (!beyond.isEmpty()) {
                throw new CompletionException(new ExternalBrokerException(ExternalBrokerFailure.DYNAMIC_SECURITY_STATE,
                        "Mosquitto's dynamic-security plugin holds more than the gateway wrote, which would widen the"
                                + " ACL file's grants: " + String.join("; ", beyond)));
            }
            return null;
        });
    }

    /** Hands an answer read on the response topic to the command waiting for it; others are ignored. */
    public void answerArrived(byte[] payload) {
        List<Answer> answers;
        try {
            answers = DynamicSecurityCommands.answers(payload);
        } catch (ExternalBrokerException e) {
            LOG.warn("{}", e.getMessage());
            return;
        }
        Map<String, List<Answer>> byCorrelation = new LinkedHashMap<>();
        for (Answer answer : answers) {
            answer.correlation().ifPresent(correlation -> byCorrelation.computeIfAbsent(correlation,
                    c -> new ArrayList<>()).add(answer));
        }
        byCorrelation.forEach((correlation, mine) -> {
            CompletableFuture<List<Answer>> waiting = pending.remove(correlation);
            if (waiting == null) {
                LOG.debug("an answer on {} nobody waits for (late, or another client's)", DynamicSecurityCommands.RESPONSE_TOPIC);
            } else {
                waiting.complete(List.copyOf(mine));
            }
        });
    }

    /** Cut-offs given up after every attempt since start; for health. */
    public int unconfirmed() {
        return unconfirmed.get();
    }

    private void attempt(ControlChannel channel, String deviceId, int attempt, CompletableFuture<Void> done) {
        request(channel, correlation -> DynamicSecurityCommands.cutOff(deviceId, correlation), answerTimeout)
                .thenAccept(answers -> confirmDisconnected(deviceId, answers))
                .whenComplete((ok, failure) -> {
                    if (failure == null) {
                        LOG.info("device {} disconnected from Mosquitto (attempt {})", deviceId, attempt);
                        done.complete(null);
                        return;
                    }
                    Throwable cause = unwrap(failure);
                    String why = cause instanceof TimeoutException ? "no answer within " + answerTimeout : cause.getMessage();
                    if (attempt < attempts) {
                        LOG.warn("cut-off of device {} not confirmed ({}); attempt {} of {}", deviceId, why, attempt + 1, attempts);
                        attempt(channel, deviceId, attempt + 1, done);
                    } else {
                        unconfirmed.incrementAndGet();
                        LOG.error("device {} may still be connected to Mosquitto: cut-off not confirmed after {} attempts ({});"
                                + " the CRL refuses its next handshake and the core refuses its requests", deviceId, attempts, why);
                        done.completeExceptionally(new ExternalBrokerException(ExternalBrokerFailure.CUT_OFF_FAILED,
                                "cut-off of device " + deviceId + " not confirmed after " + attempts + " attempts: " + why, cause));
                    }
                });
    }

    /** The delete's answer is the confirmation; the create before it may say the client exists, which is fine. */
    private static void confirmDisconnected(String deviceId, List<Answer> answers) {
        Answer delete = answers.stream().filter(answer -> answer.command().equals("deleteClient")).findFirst()
                .orElseThrow(() -> new CompletionException(new ExternalBrokerException(ExternalBrokerFailure.CUT_OFF_FAILED,
                        "the plugin's answer for device " + deviceId + " has no deleteClient")));
        if (delete.error().isPresent()) {
            throw new CompletionException(new ExternalBrokerException(ExternalBrokerFailure.CUT_OFF_FAILED,
                    "the plugin refused to delete client " + deviceId + ": " + delete.error().get()));
        }
    }

    private CompletableFuture<List<Answer>> request(ControlChannel channel, Function<String, byte[]> command, Duration wait) {
        String correlation = newCorrelation();
        CompletableFuture<List<Answer>> answer = new CompletableFuture<>();
        pending.put(correlation, answer);
        try {
            channel.publish(DynamicSecurityCommands.COMMAND_TOPIC, command.apply(correlation)).whenComplete((ok, failure) -> {
                if (failure != null) {
                    answer.completeExceptionally(failure);
                }
            });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        // The JDK's timer only completes the future; whatever follows runs without blocking it.
        return answer.orTimeout(wait.toMillis(), TimeUnit.MILLISECONDS).whenComplete((a, f) -> pending.remove(correlation));
    }

    private String newCorrelation() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
