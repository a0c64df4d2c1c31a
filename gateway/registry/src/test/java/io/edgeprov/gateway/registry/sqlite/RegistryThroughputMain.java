package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditChainVerifier;
import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Measures certificate inserts with their audit entry per second: group commit against one transaction per
 * insert, under FULL and NORMAL sync. A measurement to report, not a test: run it by hand.
 *
 * <p>Arguments: [work folder] [inserts per run] [writes in flight].
 */
public final class RegistryThroughputMain {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryThroughputMain.class);

    private RegistryThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        Path work = Files.createDirectories(Path.of(args.length > 0 ? args[0] : "target/throughput"));
        int inserts = args.length > 1 ? Integer.parseInt(args[1]) : 5_000;
        int inFlight = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        ExecutorService completions = Executors.newFixedThreadPool(2);
        try {
            for (Durability durability : Durability.values()) {
                for (int groupSize : new int[] {1, SqliteRegistryConfig.DEFAULT_MAX_GROUP_SIZE}) {
                    // One warm-up run so JIT and file-system caches do not favour the later configuration.
                    run(work, durability, groupSize, inserts / 5, inFlight, completions);
                    Measurement m = run(work, durability, groupSize, inserts, inFlight, completions);
                    LOG.info("synchronous={} maxGroupSize={} inFlight={} inserts={}: {} certificate+audit inserts/s,"
                            + " {} writes per commit on average", durability, groupSize, inFlight, inserts,
                            Math.round(m.perSecond()), String.format("%.1f", m.writesPerCommit()));
                }
            }
        } finally {
            completions.shutdown();
        }
    }

    /** One run's figures. */
    private record Measurement(double perSecond, double writesPerCommit) {
    }

    private static Measurement run(Path work, Durability durability, int groupSize, int inserts, int inFlight,
            ExecutorService completions) throws Exception {
        Path folder = Files.createTempDirectory(work, "run");
        SqliteRegistryConfig config = new SqliteRegistryConfig(folder.resolve("registry.db"), durability, groupSize, 2,
                Duration.ofSeconds(5));
        SecureRandom random = new SecureRandom();
        byte[] der = new byte[600];
        random.nextBytes(der);
        Measurement measured;
        try (SqliteRegistry registry = SqliteRegistry.open(config, Clock.systemUTC(), completions)) {
            registry.devices().save(DeviceRecord.pending("sensor-1")).join();
            Semaphore window = new Semaphore(inFlight);
            List<CompletableFuture<CertificateRecord>> writes = new ArrayList<>(inserts);
            long groupsBefore = registry.groupsCommitted();
            long start = System.nanoTime();
            for (int i = 0; i < inserts; i++) {
                window.acquire();
                byte[] serialBytes = new byte[9];
                random.nextBytes(serialBytes);
                serialBytes[0] = (byte) (0x10 | (serialBytes[0] & 0x0f));
                String serial = HexFormat.of().formatHex(serialBytes);
                Instant now = Instant.now();
                CertificateRecord cert = new CertificateRecord(serial, "sensor-1", now, now.plus(Duration.ofHours(24)),
                        der, now, Optional.empty());
                AuditEvent audit = AuditEvent.of(now, "gateway", "certificate.issue", "sensor-1",
                        AuditOutcome.SUCCESS, "OK").withDetail("serial", serial);
                CompletableFuture<CertificateRecord> write = registry.commands().issue(new io.edgeprov.gateway.core.registry.IssueCertificate(cert,
                    new io.edgeprov.gateway.core.registry.DeviceChange.Attested(now, RegistryFixture.KEYS), audit));
                write.whenComplete((c, e) -> window.release());
                writes.add(write);
            }
            CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new)).join();
            measured = new Measurement(inserts / ((System.nanoTime() - start) / 1e9),
                    inserts / (double) (registry.groupsCommitted() - groupsBefore));
            LOG.debug("chain after run: {}", new AuditChainVerifier(registry.auditLog()).verify());
        }
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        return measured;
    }
}
