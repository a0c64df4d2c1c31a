package io.edgeprov.gateway.app.bench;

import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.gateway.app.GatewayApplication;
import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.gateway.core.revocation.RevocationListener;
import io.edgeprov.pki.crl.SignedCrl;
import io.edgeprov.sim.fleet.LatencySummary;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;

/**
 * Fleet-wide revocation through the upstream broker: two running gateways of one fleet hold certificates
 * for the same devices; each device is revoked on the first through the core use case, one after the
 * other, and the lag is the time from that call to the second gateway having enforced it (recorded from
 * the upstream page, CRL rebuilt, broker told: its revocation service's listeners hear of the device, so
 * nothing here polls). The first revocations warm the path and are not counted.
 */
final class SyncLagPhase {
    private static final Duration CONNECTED_WITHIN = Duration.ofSeconds(30);
    private static final Duration ARRIVES_WITHIN = Duration.ofSeconds(10);
    private static final Duration FIRST_ARRIVES_WITHIN = Duration.ofSeconds(5);
    private static final int WARM_UPS = 3;
    private static final int FIRST_TRIES = 3;

    private final GatewayApplication origin;
    private final GatewayApplication peer;
    private final SecureRandom random;
    private final Clock clock;
    private final Map<String, CompletableFuture<Long>> enforced = new ConcurrentHashMap<>();

    SyncLagPhase(GatewayApplication origin, GatewayApplication peer, SecureRandom random, Clock clock) {
        this.origin = origin;
        this.peer = peer;
        this.random = random;
        this.clock = clock;
    }

    /** Revokes {@code count} devices on the origin after a few unmeasured ones; the lags until the peer enforced each. */
    LatencySummary run(String prefix, int count) throws Exception {
        int first = FIRST_TRIES + WARM_UPS;
        List<String> ids = BenchDevices.ids(prefix, first + count);
        for (GatewayApplication gateway : List.of(origin, peer)) {
            // The same devices hold a certificate at both gateways: they moved, and were provisioned again.
            new BenchDevices(gateway.registry().commands(), random, clock).issueStandIns(ids);
        }
        peer.revocation().addListener(new Arrivals());
        awaitConnected(origin);
        awaitConnected(peer);
        // The peer subscribes just after it connects: the first event may go out before, and only reach the origin.
        boolean through = false;
        for (int i = 0; i < FIRST_TRIES && !through; i++) {
            through = lag(ids.get(i), FIRST_ARRIVES_WITHIN).isPresent();
        }
        if (!through) {
            throw new IllegalStateException("no revocation reached the second gateway within " + FIRST_ARRIVES_WITHIN
                    + ", " + FIRST_TRIES + " tries");
        }
        for (int i = FIRST_TRIES; i < first; i++) {
            lag(ids.get(i), ARRIVES_WITHIN);
        }
        List<Duration> lags = new ArrayList<>(count);
        for (int i = first; i < ids.size(); i++) {
            lags.add(lag(ids.get(i), ARRIVES_WITHIN).orElseThrow(() -> new IllegalStateException(
                    "a revocation did not reach the second gateway within " + ARRIVES_WITHIN)));
        }
        return LatencySummary.of(lags);
    }

    /** Revokes the device on the origin and waits until the peer enforced it; empty after {@code within}. */
    private Optional<Duration> lag(String deviceId, Duration within) throws Exception {
        CompletableFuture<Long> arrived = enforced.computeIfAbsent(deviceId, id -> new CompletableFuture<>());
        long start = System.nanoTime();
        origin.revocation().revokeDevice(RevokeBatchPhase.ACTOR, deviceId, RevocationReason.KEY_COMPROMISE,
                Optional.of("bench: sync lag"));
        try {
            return Optional.of(Duration.ofNanos(arrived.get(within.toMillis(), TimeUnit.MILLISECONDS) - start));
        } catch (TimeoutException e) {
            return Optional.empty();
        }
    }

    private static void awaitConnected(GatewayApplication gateway) {
        long deadline = System.nanoTime() + CONNECTED_WITHIN.toNanos();
        while (!gaugeIsOne(gateway.metrics().scrape(), "edgeprov_sync_connected")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(gateway + " did not connect to the upstream broker within " + CONNECTED_WITHIN);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    /** Whether the Prometheus text has {@code name} with value 1 (unlabelled). */
    static boolean gaugeIsOne(String scrape, String name) {
        return scrape.lines().filter(line -> line.startsWith(name + " "))
                .anyMatch(line -> Double.parseDouble(line.substring(name.length() + 1).trim()) == 1.0);
    }

    /** The peer's side: notes when each device's revocation was enforced there. */
    private final class Arrivals implements RevocationListener {
        @Override
        public void crlPublished(SignedCrl crl) {
        }

        @Override
        public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
            long now = System.nanoTime();
            enforced.computeIfAbsent(deviceId, id -> new CompletableFuture<>()).complete(now);
        }
    }
}
