package io.edgeprov.gateway.registry.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEntry;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.enrollment.EnrollmentOutcome;
import io.edgeprov.gateway.core.enrollment.EnrollmentRefusal;
import io.edgeprov.gateway.core.enrollment.GatewayFixture;
import io.edgeprov.gateway.core.enrollment.RefusalSummaries;
import io.edgeprov.gateway.core.enrollment.TestDevice;
import io.edgeprov.gateway.core.identity.MutableClock;
import io.edgeprov.contracts.device.Challenge;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, finding 3, over the SQLite registry: a concurrent flood of spoofed begins leaves a short, intact chain. */
class SqliteRefusalFloodTest {

    private static final int THREADS = 4;
    private static final int PER_THREAD = 1_500;

    @TempDir
    Path folder;

    private GatewayFixture gateway;

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
    }

    @Test
    void a_concurrent_flood_of_spoofed_begins_writes_a_bounded_intact_chain_that_accounts_for_every_refusal()
            throws Exception {
        gateway = sqliteGateway();
        AttestationBegin begin = TestDevice.ecc("spoof").begin();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        List<CompletableFuture<EnrollmentOutcome<Challenge>>> replies = new ArrayList<>();
        try {
            List<CompletableFuture<List<CompletableFuture<EnrollmentOutcome<Challenge>>>>> threads = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                int thread = t;
                threads.add(CompletableFuture.supplyAsync(() -> {
                    List<CompletableFuture<EnrollmentOutcome<Challenge>>> sent = new ArrayList<>();
                    for (int i = 0; i < PER_THREAD; i++) {
                        sent.add(gateway.service.begin("spoof-" + thread + "-" + i, begin));
                    }
                    return sent;
                }, senders));
            }
            for (CompletableFuture<List<CompletableFuture<EnrollmentOutcome<Challenge>>>> thread : threads) {
                replies.addAll(thread.get(60, TimeUnit.SECONDS));
            }
            CompletableFuture.allOf(replies.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
        } finally {
            senders.shutdownNow();
        }
        gateway.service.refusalSummaries().closeAndFlush().get(30, TimeUnit.SECONDS);

        List<AuditEntry> entries;
        ChainVerdict verdict;
        try (SqliteAuditReader reader = SqliteAuditReader.open(folder.resolve("registry.db"))) {
            entries = reader.entriesFrom(1, 100_000);
            verdict = new AuditChainVerifier(reader).verify();
        }
        int flood = THREADS * PER_THREAD;
        assertThat(verdict).isInstanceOf(ChainVerdict.Intact.class);
        assertThat(entries).hasSizeLessThanOrEqualTo(RefusalSummaries.DEFAULT_TRACKED_KEYS + 1);
        assertThat(gateway.metrics.refusals("begin", EnrollmentRefusal.NOT_ENROLLED)).isEqualTo(flood);
        long oneByOne = entries.stream().filter(e -> e.event().action().equals("attestation.begin"))
                .filter(e -> e.event().outcome() == AuditOutcome.DENIED).count();
        long summarised = entries.stream().filter(e -> e.event().action().equals(RefusalSummaries.ACTION))
                .mapToLong(e -> Long.parseLong(e.event().details().get("refusals"))).sum();
        assertThat(oneByOne + summarised).isEqualTo(flood);
    }

    private GatewayFixture sqliteGateway() throws Exception {
        MutableClock clock = new MutableClock().freeze();
        ExecutorService completions = Executors.newFixedThreadPool(2);
        SqliteRegistry registry = SqliteRegistry.open(new SqliteRegistryConfig(folder.resolve("registry.db"),
                Durability.NORMAL, 500, 2, Duration.ofSeconds(5)), clock, completions);
        return GatewayFixture.over(clock, new GatewayFixture.Stores(registry.enrollments(), registry.devices(),
                registry.challenges(), registry.certificates(), registry.auditLog(), registry.commands(), () -> {
                    registry.close();
                    completions.shutdown();
                    completions.awaitTermination(5, TimeUnit.SECONDS);
                }));
    }
}
