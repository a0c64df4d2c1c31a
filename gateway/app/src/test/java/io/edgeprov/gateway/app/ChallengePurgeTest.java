package io.edgeprov.gateway.app;

import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.InMemoryChallengeStore;
import io.edgeprov.gateway.core.registry.InMemoryDeviceStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ChallengePurgeTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    private final InMemoryChallengeStore challenges = new InMemoryChallengeStore(devices);

    @Test
    void challenges_expired_longer_than_the_grace_are_deleted_and_recent_ones_kept() {
        devices.save(DeviceRecord.pending("dev-1")).join();
        givenChallengeExpiringAt("long-gone", NOW.minus(ChallengePurge.KEEP_EXPIRED).minusSeconds(1));
        givenChallengeExpiringAt("just-expired", NOW.minusSeconds(30));
        givenChallengeExpiringAt("open", NOW.plusSeconds(30));

        new ChallengePurge(challenges, Clock.fixed(NOW, ZoneOffset.UTC), Executors.newSingleThreadScheduledExecutor()).run();

        assertThat(challenges.find("long-gone")).isEmpty();
        assertThat(challenges.find("just-expired")).as("a late finish is still told it expired").isPresent();
        assertThat(challenges.find("open")).isPresent();
    }

    private void givenChallengeExpiringAt(String id, Instant expiresAt) {
        challenges.put(StoredChallenge.forSecret(id, "dev-1", new byte[] {1}, new byte[34], expiresAt.minus(Duration.ofMinutes(5)),
                expiresAt)).join();
    }
}
