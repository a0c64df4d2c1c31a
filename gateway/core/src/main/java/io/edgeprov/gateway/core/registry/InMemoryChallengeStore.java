package io.edgeprov.gateway.core.registry;

import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Challenges in memory with the same consume-once rules as the SQLite store, for use-case tests. */
public final class InMemoryChallengeStore implements ChallengeStore {

    private final DeviceStore devices;
    private final Map<String, StoredChallenge> challenges = new HashMap<>();
    private final Set<String> consumed = new HashSet<>();

    /** @param devices where a challenge's device must be registered */
    public InMemoryChallengeStore(DeviceStore devices) {
        this.devices = Objects.requireNonNull(devices, "devices");
    }

    @Override
    public synchronized CompletableFuture<StoredChallenge> put(StoredChallenge challenge) {
        if (challenges.containsKey(challenge.challengeId())) {
            return CompletableFuture.failedFuture(new RegistryException(RegistryFailure.CHALLENGE_EXISTS,
                    "challenge " + challenge.challengeId() + " already exists"));
        }
        if (devices.find(challenge.deviceId()).isEmpty()) {
            return CompletableFuture.failedFuture(new RegistryException(RegistryFailure.DEVICE_UNKNOWN,
                    "device " + challenge.deviceId() + " is not registered"));
        }
        challenges.put(challenge.challengeId(), challenge);
        return CompletableFuture.completedFuture(challenge);
    }

    @Override
    public synchronized Optional<StoredChallenge> find(String challengeId) {
        return Optional.ofNullable(challenges.get(challengeId));
    }

    @Override
    public synchronized CompletableFuture<ConsumeResult> consume(String challengeId, Instant now) {
        StoredChallenge challenge = challenges.get(challengeId);
        ConsumeResult result;
        if (challenge == null) {
            result = new ConsumeResult.Refused(ChallengeRefusal.UNKNOWN);
        } else if (consumed.contains(challengeId)) {
            result = new ConsumeResult.Refused(ChallengeRefusal.REPLAYED);
        } else if (!now.isBefore(challenge.expiresAt())) {
            result = new ConsumeResult.Refused(ChallengeRefusal.EXPIRED);
        } else {
            consumed.add(challengeId);
            result = new ConsumeResult.Consumed(challenge);
        }
        return CompletableFuture.completedFuture(result);
    }

    @Override
    public synchronized long countOpen(Instant now) {
        return challenges.values().stream()
                .filter(c -> !consumed.contains(c.challengeId()) && now.isBefore(c.expiresAt()))
                .count();
    }

    @Override
    public synchronized CompletableFuture<Integer> purgeExpired(Instant cutoff) {
        Set<String> expired = new HashSet<>();
        challenges.forEach((id, c) -> {
            if (c.expiresAt().isBefore(cutoff)) {
                expired.add(id);
            }
        });
        expired.forEach(id -> {
            challenges.remove(id);
            consumed.remove(id);
        });
        return CompletableFuture.completedFuture(expired.size());
    }
}
