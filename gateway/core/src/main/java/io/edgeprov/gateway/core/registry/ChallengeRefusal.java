package io.edgeprov.gateway.core.registry;

/** Why a challenge could not be consumed. */
public enum ChallengeRefusal {
    /** No challenge has this id. */
    UNKNOWN,
    /** The challenge expired before it was presented. */
    EXPIRED,
    /** The challenge was already consumed once. */
    REPLAYED
}
