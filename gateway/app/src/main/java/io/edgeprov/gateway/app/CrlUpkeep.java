package io.edgeprov.gateway.app;

import io.edgeprov.gateway.core.part.GatewayPart;
import io.edgeprov.gateway.core.part.PartHealth;
import io.edgeprov.gateway.core.revocation.RevocationService;
import io.edgeprov.pki.crl.SignedCrl;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the published CRL fresh and in step with the registry: rebuilds it every {@code refresh}
 * (well within its validity), and looks every {@code watch} for revocations another process wrote
 * (the CLI's {@code revoke} beside a running gateway) so those devices are cut off at once. Runs on
 * the injected upkeep scheduler. Down when the current CRL has passed its nextUpdate.
 */
final class CrlUpkeep implements GatewayPart {
    private static final Logger LOG = LoggerFactory.getLogger(CrlUpkeep.class);

    private final RevocationService revocation;
    private final ScheduledExecutorService scheduler;
    private final Duration refresh;
    private final Duration watch;
    private final Clock clock;
    private final List<ScheduledFuture<?>> scheduled = new ArrayList<>();

    CrlUpkeep(RevocationService revocation, ScheduledExecutorService scheduler, Duration refresh, Duration watch, Clock clock) {
        this.revocation = Objects.requireNonNull(revocation, "revocation");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.refresh = Objects.requireNonNull(refresh, "refresh");
        this.watch = Objects.requireNonNull(watch, "watch");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String name() {
        return "crl";
    }

    @Override
    public synchronized void start() {
        long period = refresh.toMillis();
        scheduled.add(scheduler.scheduleAtFixedRate(this::rebuild, period, period, TimeUnit.MILLISECONDS));
        long every = watch.toMillis();
        scheduled.add(scheduler.scheduleWithFixedDelay(this::pickUp, every, every, TimeUnit.MILLISECONDS));
    }

    @Override
    public PartHealth health() {
        Optional<SignedCrl> current = revocation.latestCrl();
        if (current.isEmpty()) {
            return PartHealth.down("no CRL signed yet");
        }
        SignedCrl crl = current.get();
        if (!crl.nextUpdate().isAfter(clock.instant())) {
            return PartHealth.down("CRL number " + crl.number() + " passed its nextUpdate " + crl.nextUpdate());
        }
        return PartHealth.up("CRL number " + crl.number() + " until " + crl.nextUpdate());
    }

    @Override
    public synchronized void stop() {
        scheduled.forEach(future -> future.cancel(false));
        scheduled.clear();
    }

    private void rebuild() {
        try {
            revocation.rebuildCrl();
        } catch (RuntimeException e) {
            LOG.warn("periodic CRL rebuild failed, the previous CRL stays published: {}", e.getMessage());
        }
    }

    private void pickUp() {
        try {
            revocation.announceRevocationsMadeElsewhere();
        } catch (RuntimeException e) {
            LOG.warn("looking for revocations made outside the gateway failed, will retry: {}", e.getMessage());
        }
    }
}
