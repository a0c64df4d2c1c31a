package io.edgeprov.contracts.codec;

import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.WireProblem;
import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one payload: the message, or which field was wrong and how.
 * Decoding never throws for bad input; the gateway answers a {@link Malformed} with
 * {@code MALFORMED_MESSAGE} and may log its field, problem and detail (they hold no values).
 *
 * @param <T> the message type
 */
public sealed interface DecodeResult<T> permits DecodeResult.Decoded, DecodeResult.Malformed {

    /** The message, when decoding succeeded. */
    Optional<T> decoded();

    /** The refusal, when it did not. */
    Optional<Malformed<T>> malformed();

    /** Decoding succeeded. */
    record Decoded<T>(T value) implements DecodeResult<T> {
        public Decoded {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public Optional<T> decoded() {
            return Optional.of(value);
        }

        @Override
        public Optional<Malformed<T>> malformed() {
            return Optional.empty();
        }
    }

    /**
     * Decoding refused the payload.
     *
     * @param field   the wire field ({@code chain[1]} for list entries), or {@code $} for the whole message
     * @param problem what was wrong
     * @param detail      a short explanation with sizes or offsets, never the offending value
     * @param clientToken the request's client token when one could still be read from the refused
     *                    payload, so the {@code Rejection} can echo it and the device can correlate
     */
    record Malformed<T>(String field, WireProblem problem, String detail, Optional<ClientToken> clientToken)
            implements DecodeResult<T> {
        public Malformed {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(clientToken, "clientToken");
        }

        @Override
        public Optional<T> decoded() {
            return Optional.empty();
        }

        @Override
        public Optional<Malformed<T>> malformed() {
            return Optional.of(this);
        }

        <U> Malformed<U> retype() {
            return new Malformed<>(field, problem, detail, clientToken);
        }
    }
}
