package io.edgeprov.gateway.registry.sqlite;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * Measures the read every CRL rebuild makes over a registry holding many revoked, unexpired
 * certificates, both ways: whole certificates ({@code findRevokedUnexpired}) and serials only
 * ({@code findRevokedSerialsUnexpired}, docs/decisions/0023). A measurement to report, not a test: run
 * it by hand. The rows are written with raw SQL in one transaction (a revocation per second,
 * certificates of about 600 bytes issued in another order than revoked), then read through the store.
 *
 * <p>Arguments: [revoked certificates] [runs] [work folder] [keep: leave the database there to study it].
 */
public final class RevokedReadMain {
    private RevokedReadMain() {
    }

    public static void main(String[] args) throws Exception {
        int revoked = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/revoked-read"));
        boolean keep = args.length > 3 && args[3].equals("keep");
        Path folder = Files.createTempDirectory(work, "run");
        ExecutorService completions = Executors.newFixedThreadPool(1);
        SqliteRegistryConfig config = new SqliteRegistryConfig(folder.resolve("registry.db"), Durability.NORMAL, 500, 2,
                Duration.ofSeconds(5));
        Instant now = Instant.now();
        try {
            SqliteRegistry.open(config, Clock.systemUTC(), completions).close();
            fill(config.databaseFile(), revoked, now);
            try (SqliteRegistry registry = SqliteRegistry.open(config, Clock.systemUTC(), completions)) {
                measure("findRevokedUnexpired (certificates)", runs, () -> registry.certificates().findRevokedUnexpired(now).size());
                measure("findRevokedSerialsUnexpired (serials)", runs,
                        () -> registry.certificates().findRevokedSerialsUnexpired(now).size());
            }
        } finally {
            completions.shutdown();
            if (keep) {
                System.out.printf("kept %s (revoked_at_ms of the read: %d)%n", config.databaseFile(), now.toEpochMilli());
            } else {
                try (Stream<Path> files = Files.walk(folder)) {
                    files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static void measure(String what, int runs, java.util.function.IntSupplier read) {
        double[] millis = new double[runs];
        int found = 0;
        for (int i = -2; i < runs; i++) {
            long start = System.nanoTime();
            found = read.getAsInt();
            if (i >= 0) {
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
        }
        Arrays.sort(millis);
        System.out.printf("%s: %,d rows, median %.1f ms, min %.1f, max %.1f (%s %s)%n", what, found, millis[runs / 2],
                millis[0], millis[runs - 1], System.getProperty("java.vm.name"), System.getProperty("java.version"));
    }

    private static void fill(Path file, int revoked, Instant now) throws Exception {
        SecureRandom random = new SecureRandom();
        byte[] der = new byte[600];
        random.nextBytes(der);
        Instant first = now.minusSeconds(revoked);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file)) {
            c.setAutoCommit(false);
            try (PreparedStatement device = c.prepareStatement("INSERT INTO device (device_id, state, renewal_count)"
                    + " VALUES (?, 'REVOKED', 0)");
                    PreparedStatement event = c.prepareStatement("INSERT INTO revocation (event_id, device_id, reason,"
                            + " revoked_at_ms, actor, origin, recorded_at_ms) VALUES (?, ?, 'KEY_COMPROMISE', ?, 'bench', 'local', ?)");
                    PreparedStatement certificate = c.prepareStatement("INSERT INTO certificate (serial_hex, device_id,"
                            + " not_before_ms, not_after_ms, der, issued_at_ms, revoked_at_ms, revocation_reason,"
                            + " revocation_event) VALUES (?, ?, ?, ?, ?, ?, ?, 'KEY_COMPROMISE', ?)")) {
                // Certificates are issued in one order and revoked in another: rows land in the table in
                // issuance order, so reading them in revocation order jumps around the file.
                List<Integer> order = new ArrayList<>(IntStream.range(0, revoked).boxed().toList());
                Collections.shuffle(order, random);
                for (int i : order) {
                    String deviceId = "bench-" + i;
                    byte[] serial = new byte[16];
                    random.nextBytes(serial);
                    serial[0] = (byte) (0x10 | (serial[0] & 0x0f));
                    long revokedAt = first.plusSeconds(i).toEpochMilli();
                    device.setString(1, deviceId);
                    device.executeUpdate();
                    event.setString(1, "e" + i);
                    event.setString(2, deviceId);
                    event.setLong(3, revokedAt);
                    event.setLong(4, revokedAt);
                    event.executeUpdate();
                    certificate.setString(1, HexFormat.of().formatHex(serial));
                    certificate.setString(2, deviceId);
                    certificate.setLong(3, revokedAt - 3_600_000);
                    certificate.setLong(4, now.plus(Duration.ofDays(30)).toEpochMilli());
                    certificate.setBytes(5, der);
                    certificate.setLong(6, revokedAt - 3_600_000);
                    certificate.setLong(7, revokedAt);
                    certificate.setString(8, "e" + i);
                    certificate.executeUpdate();
                }
            }
            c.commit();
        }
    }
}
