package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/** Outcome of consuming a one-use challenge. */
public sealed interface ConsumeResult permits ConsumeResult.Consumed, ConsumeResult.Refused {

    /**
     * The challenge was unused and unexpired, and is now marked used.
     *
     * @param challenge the consumed challenge
     */
    record Consumed(StoredChallenge challenge) implements ConsumeResult {
        public Consumed {
            Objects.requireNonNull(challenge, "challenge");
        }
    }

    /**
     * The challenge was not consumed.
     *
     * @param reason why not
     */
    record Refused(ChallengeRefusal reason) implements ConsumeResult {
        public Refused {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
