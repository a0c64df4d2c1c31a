package io.edgeprov.gateway.registry.sqlite;

import io.edgeprov.gateway.core.audit.AuditEvent;
import io.edgeprov.gateway.core.audit.AuditOutcome;
import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Child JVM of {@link RegistryCrashIT}: records certificates from several threads forever and reports each
 * serial to the parent over a loopback socket once its future completed, until the parent kills it.
 */
public final class CrashingWriterMain {

    private CrashingWriterMain() {
    }

    /** Arguments: database file, parent's loopback port. */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int port = Integer.parseInt(args[1]);
        ExecutorService completions = Executors.newFixedThreadPool(2);
        SqliteRegistry registry = SqliteRegistry.open(SqliteRegistryConfig.defaults(file), Clock.systemUTC(), completions);
        registry.devices().save(DeviceRecord.pending("sensor-1")).join();
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port);
                Writer out = new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.US_ASCII)) {
            // Many concurrent writers, as many devices would be, so the writer has groups to commit.
            ExecutorService devices = Executors.newFixedThreadPool(16);
            CompletableFuture<?>[] workers = new CompletableFuture<?>[16];
            for (int t = 0; t < workers.length; t++) {
                int thread = t;
                workers[t] = CompletableFuture.runAsync(() -> writeForever(registry, thread, out), devices);
            }
            CompletableFuture.allOf(workers).join();
        }
    }

    private static void writeForever(SqliteRegistry registry, int thread, Writer out) {
        for (long i = 0; ; i++) {
            String serial = Long.toHexString((thread + 1L) << 40 | i);
            Instant now = Instant.now();
            CertificateRecord cert = new CertificateRecord(serial, "sensor-1", now, now.plus(Duration.ofHours(24)),
                    new byte[] {0x30, 0x03, 0x02, 0x01, 0x01}, now, Optional.empty());
            AuditEvent audit = AuditEvent.of(now, "gateway", "certificate.issue", "sensor-1", AuditOutcome.SUCCESS, "OK")
                    .withDetail("serial", serial);
            registry.commands().issue(new io.edgeprov.gateway.core.registry.IssueCertificate(cert,
                    new io.edgeprov.gateway.core.registry.DeviceChange.Attested(now, RegistryFixture.KEYS), audit)).join();
            synchronized (out) {
                try {
                    out.write(serial + "\n");
                    out.flush();
                } catch (java.io.IOException parentGone) {
                    return;
                }
            }
        }
    }
}
