package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** One-use attestation challenges; writes complete only once durably committed. */
public interface ChallengeStore {

    /**
     * Stores a new challenge; fails with {@link RegistryFailure#CHALLENGE_EXISTS} for a known id and
     * {@link RegistryFailure#DEVICE_UNKNOWN} when the device is not registered.
     */
    CompletableFuture<StoredChallenge> put(StoredChallenge challenge);

    /** Finds a challenge by id, used or not. */
    Optional<StoredChallenge> find(String challengeId);

    /**
     * Atomically marks the challenge used and returns it, only if it exists, is unused and has not
     * expired at {@code now}; otherwise says why not. Two concurrent consumers never both succeed.
     */
    CompletableFuture<ConsumeResult> consume(String challengeId, Instant now);

    /** How many challenges are open at {@code now}: stored, not consumed, not yet expired. */
    long countOpen(Instant now);

    /** Deletes challenges that expired before {@code cutoff}; returns how many. */
    CompletableFuture<Integer> purgeExpired(Instant cutoff);
}
