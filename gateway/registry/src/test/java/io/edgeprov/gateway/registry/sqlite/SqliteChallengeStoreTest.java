package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.withDevice;
import static io.edgeprov.gateway.registry.sqlite.SqliteCertificateStoreTest.thenFailsWith;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.StoredChallenge;
import io.edgeprov.gateway.core.registry.ChallengeRefusal;
import io.edgeprov.gateway.core.registry.ChallengeStore;
import io.edgeprov.gateway.core.registry.ConsumeResult;
import io.edgeprov.gateway.core.registry.RegistryFailure;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteChallengeStoreTest {

    private static final byte[] SECRET = "0123456789abcdef-credential-secret".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final byte[] AK_NAME = new byte[34];

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;
    private ChallengeStore challenges;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = withDevice(fixture.open(), "sensor-1");
        challenges = registry.challenges();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void an_unused_unexpired_challenge_is_consumed_and_returned() {
        StoredChallenge challenge = givenChallenge("c-1", Duration.ofMinutes(5));

        assertThat(challenges.consume("c-1", NOW.plusSeconds(10)).join()).isEqualTo(new ConsumeResult.Consumed(challenge));
    }

    @Test
    void a_second_consume_is_refused_as_replayed() {
        givenChallenge("c-1", Duration.ofMinutes(5));
        challenges.consume("c-1", NOW.plusSeconds(10)).join();

        assertThat(challenges.consume("c-1", NOW.plusSeconds(11)).join())
                .isEqualTo(new ConsumeResult.Refused(ChallengeRefusal.REPLAYED));
    }

    @Test
    void a_challenge_presented_at_its_expiry_is_refused_as_expired() {
        givenChallenge("c-1", Duration.ofMinutes(5));

        assertThat(challenges.consume("c-1", NOW.plus(Duration.ofMinutes(5))).join())
                .isEqualTo(new ConsumeResult.Refused(ChallengeRefusal.EXPIRED));
    }

    @Test
    void an_unknown_challenge_is_refused_as_unknown() {
        assertThat(challenges.consume("nope", NOW).join()).isEqualTo(new ConsumeResult.Refused(ChallengeRefusal.UNKNOWN));
    }

    @Test
    void of_many_concurrent_consumers_exactly_one_succeeds() {
        givenChallenge("c-1", Duration.ofMinutes(5));
        List<CompletableFuture<ConsumeResult>> attempts = new ArrayList<>();

        for (int i = 0; i < 50; i++) {
            attempts.add(CompletableFuture.supplyAsync(() -> challenges.consume("c-1", NOW.plusSeconds(1))).thenCompose(f -> f));
        }

        List<ConsumeResult> results = attempts.stream().map(CompletableFuture::join).toList();
        assertThat(results).filteredOn(r -> r instanceof ConsumeResult.Consumed).hasSize(1);
        assertThat(results).filteredOn(r -> r.equals(new ConsumeResult.Refused(ChallengeRefusal.REPLAYED))).hasSize(49);
    }

    @Test
    void the_stored_challenge_accepts_the_secret_and_refuses_another() {
        givenChallenge("c-1", Duration.ofMinutes(5));

        StoredChallenge stored = challenges.find("c-1").orElseThrow();

        assertThat(stored.acceptsProof(SECRET)).isTrue();
        assertThat(stored.acceptsProof("wrong".getBytes(java.nio.charset.StandardCharsets.US_ASCII))).isFalse();
    }

    @Test
    void the_database_files_never_hold_the_secret_in_clear() throws Exception {
        givenChallenge("c-1", Duration.ofMinutes(5));
        registry.close();

        byte[] stored = storedBytes();
        assertThat(indexOf(stored, SECRET)).isEqualTo(-1);
        assertThat(indexOf(stored, Sha256Digest.of(SECRET).bytes())).as("the hash is stored instead").isNotEqualTo(-1);
    }

    private byte[] storedBytes() throws java.io.IOException {
        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        for (Path file : List.of(fixture.file(), Path.of(fixture.file() + "-wal"))) {
            if (Files.exists(file)) {
                all.write(Files.readAllBytes(file));
            }
        }
        return all.toByteArray();
    }

    @Test
    void a_challenge_for_an_unregistered_device_is_refused() {
        thenFailsWith(RegistryFailure.DEVICE_UNKNOWN, () -> challenges.put(
                StoredChallenge.forSecret("c-9", "ghost", SECRET, AK_NAME, NOW, NOW.plusSeconds(60))).join());
    }

    @Test
    void a_challenge_id_cannot_be_stored_twice() {
        givenChallenge("c-1", Duration.ofMinutes(5));

        thenFailsWith(RegistryFailure.CHALLENGE_EXISTS, () -> givenChallenge("c-1", Duration.ofMinutes(5)));
    }

    @Test
    void purging_deletes_only_challenges_expired_before_the_cutoff() {
        givenChallenge("short", Duration.ofMinutes(1));
        givenChallenge("long", Duration.ofMinutes(10));

        int purged = challenges.purgeExpired(NOW.plus(Duration.ofMinutes(5))).join();

        assertThat(purged).isEqualTo(1);
        assertThat(challenges.find("short")).isEmpty();
        assertThat(challenges.find("long")).isPresent();
    }

    @Test
    void open_challenges_are_those_neither_consumed_nor_expired() {
        givenChallenge("used", Duration.ofMinutes(5));
        givenChallenge("short", Duration.ofMinutes(1));
        givenChallenge("long", Duration.ofMinutes(10));
        challenges.consume("used", NOW).join();

        assertThat(challenges.countOpen(NOW)).isEqualTo(2);
        assertThat(challenges.countOpen(NOW.plus(Duration.ofMinutes(1)))).as("at its expiry a challenge is closed").isEqualTo(1);
        assertThat(challenges.countOpen(NOW.plus(Duration.ofMinutes(10)))).isZero();
    }

    @Test
    void counting_open_challenges_reads_only_the_open_challenge_index() throws Exception {
        assertThat(fixture.rawPlan(SqliteChallengeStore.COUNT_OPEN))
                .contains("USING COVERING INDEX challenge_open_by_expiry").doesNotContain("SCAN challenge\n");
    }

    private StoredChallenge givenChallenge(String id, Duration lifetime) {
        Instant expires = NOW.plus(lifetime);
        return challenges.put(StoredChallenge.forSecret(id, "sensor-1", SECRET, AK_NAME, NOW, expires)).join();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
