package io.edgeprov.gateway.core.registry;

import io.edgeprov.contracts.device.RevocationReason;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.audit.InMemoryAuditLog;
import io.edgeprov.gateway.core.registry.value.Sha256Digest;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.Test;

/** The in-memory stores keep the SQLite stores' rules, so use-case tests written on them stay true. */
class InMemoryStoresTest {

    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final InMemoryAuditLog audit = new InMemoryAuditLog();
    private final InMemoryDeviceStore devices = new InMemoryDeviceStore();
    private final InMemoryChallengeStore challenges = new InMemoryChallengeStore(devices);
    private final InMemoryEnrollmentStore enrollments = new InMemoryEnrollmentStore(audit);

    @Test
    void a_challenge_is_consumed_once_then_refused_as_replayed() {
        givenDevice("d");
        challenges.put(StoredChallenge.forSecret("c", "d", new byte[] {1}, new byte[34], NOW, NOW.plusSeconds(60))).join();

        assertThat(challenges.consume("c", NOW).join()).isInstanceOf(ConsumeResult.Consumed.class);
        assertThat(challenges.consume("c", NOW).join()).isEqualTo(new ConsumeResult.Refused(ChallengeRefusal.REPLAYED));
    }

    @Test
    void an_expired_challenge_is_refused_as_expired() {
        givenDevice("d");
        challenges.put(StoredChallenge.forSecret("c", "d", new byte[] {1}, new byte[34], NOW, NOW.plusSeconds(60))).join();

        assertThat(challenges.consume("c", NOW.plusSeconds(60)).join())
                .isEqualTo(new ConsumeResult.Refused(ChallengeRefusal.EXPIRED));
    }

    @Test
    void open_challenges_are_those_neither_consumed_nor_expired() {
        givenDevice("d");
        challenges.put(StoredChallenge.forSecret("c1", "d", new byte[] {1}, new byte[34], NOW, NOW.plusSeconds(60))).join();
        challenges.put(StoredChallenge.forSecret("c2", "d", new byte[] {1}, new byte[34], NOW, NOW.plusSeconds(120))).join();
        challenges.consume("c1", NOW).join();

        assertThat(challenges.countOpen(NOW)).isEqualTo(1);
        assertThat(challenges.countOpen(NOW.plusSeconds(120))).isZero();
    }

    @Test
    void a_second_enrollment_of_the_same_ek_is_refused() {
        Sha256Digest ek = Sha256Digest.of(new byte[] {7});
        enrollments.add(individual("e1", "d1", ek), issued("e1")).join();

        thenFailsWith(RegistryFailure.ENROLLMENT_EXISTS,
                () -> enrollments.add(individual("e2", "d2", ek), issued("e2")).join());
    }

    private void givenDevice(String id) {
        devices.save(DeviceRecord.pending(id)).join();
    }

    private static Enrollment individual(String id, String device, Sha256Digest ek) {
        return new Enrollment(id, new EnrollmentRule.Individual(device, ek), true, "technician:alice", NOW);
    }

    private static AuditEvent issued(String target) {
        return AuditEvent.of(NOW, "gateway", "certificate.issue", target, AuditOutcome.SUCCESS, "OK");
    }

    private static void thenFailsWith(RegistryFailure failure, ThrowableAssert.ThrowingCallable call) {
        assertThatThrownBy(call).isInstanceOf(CompletionException.class).cause().isInstanceOf(RegistryException.class)
                .extracting(e -> ((RegistryException) e).failure()).isEqualTo(failure);
    }
}
