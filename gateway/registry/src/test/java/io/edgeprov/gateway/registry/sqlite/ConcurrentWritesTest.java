package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.certificate;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.issued;
import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.withDevice;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.ChainVerdict;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConcurrentWritesTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 250;

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private ExecutorService submitters;

    @BeforeEach
    void create_fixture() {
        fixture = new RegistryFixture(folder);
        submitters = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stop_threads() throws InterruptedException {
        submitters.shutdownNow();
        submitters.awaitTermination(10, TimeUnit.SECONDS);
        fixture.close();
    }

    @Test
    void every_write_answered_before_an_abrupt_close_is_there_after_reopening_with_its_audit_entry() throws Exception {
        Set<String> answered = ConcurrentHashMap.newKeySet();
        SqliteRegistry registry = withDevice(fixture.open(), "sensor-1");
        List<CompletableFuture<Void>> threads = IntStream.range(0, THREADS).mapToObj(t -> CompletableFuture.runAsync(
                () -> writeMany(registry, t, answered), submitters)).toList();

        threads.get(0).join();
        registry.close();
        CompletableFuture.allOf(threads.toArray(CompletableFuture[]::new)).exceptionally(e -> null).join();

        try (SqliteRegistry reopened = fixture.open()) {
            Set<String> stored = reopened.certificates().findByDevice("sensor-1").stream()
                    .map(CertificateRecord::serialHex).collect(Collectors.toSet());
            assertThat(stored).containsAll(answered);
            assertThat(new AuditChainVerifier(reopened.auditLog()).verify())
                    .isEqualTo(new ChainVerdict.Intact(stored.size(), reopened.auditLog().head().orElseThrow().entryHash()));
        }
    }

    private static void writeMany(SqliteRegistry registry, int thread, Set<String> answered) {
        for (int i = 0; i < PER_THREAD; i++) {
            String serial = Integer.toHexString((thread + 1) * 100_000 + i);
            CompletableFuture<CertificateRecord> write =
                    RegistryFixture.issue(registry, certificate(serial, "sensor-1"));
            try {
                answered.add(write.join().serialHex());
            } catch (RuntimeException closed) {
                return;
            }
        }
    }
}
