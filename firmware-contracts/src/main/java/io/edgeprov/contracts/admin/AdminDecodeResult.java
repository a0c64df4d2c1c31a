package io.edgeprov.contracts.admin;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of decoding one admin payload: the message, or which field was wrong and how. Decoding never
 * throws for bad input; the gateway answers a {@link Malformed} request with {@code MALFORMED}.
 */
public sealed interface AdminDecodeResult<T> permits AdminDecodeResult.Decoded, AdminDecodeResult.Malformed {

    Optional<T> decoded();

    Optional<Malformed<T>> malformed();

    /** The same outcome with the decoded value mapped (a refusal keeps its field, problem and request id). */
    default <U> AdminDecodeResult<U> map(java.util.function.Function<? super T, ? extends U> f) {
        if (this instanceof Decoded<T> d) {
            return new Decoded<>(f.apply(d.value()));
        }
        Malformed<T> m = (Malformed<T>) this;
        return new Malformed<>(m.field(), m.problem(), m.detail(), m.requestId());
    }

    record Decoded<T>(T value) implements AdminDecodeResult<T> {
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
     * @param field the wire path ({@code target.deviceIds[3]}), or {@code $} for the whole message
     * @param detail sizes or indexes, never the offending value
     * @param requestId the request id when a valid one could still be read, so the rejection can echo it
     */
    record Malformed<T>(String field, AdminProblem problem, String detail, Optional<String> requestId)
            implements AdminDecodeResult<T> {
        public Malformed {
            Objects.requireNonNull(field, "field");
            Objects.requireNonNull(problem, "problem");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(requestId, "requestId");
        }

        @Override
        public Optional<T> decoded() {
            return Optional.empty();
        }

        @Override
        public Optional<Malformed<T>> malformed() {
            return Optional.of(this);
        }

        /** How a rejection words it: {@code target.kind INCONSISTENT: DEVICE needs exactly ...}. */
        public String describe() {
            return field + " " + problem + ": " + detail;
        }
    }
}
