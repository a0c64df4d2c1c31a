package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.contracts.device.WireErrorCode;
import io.edgeprov.sim.device.DeviceEvent;
import io.edgeprov.sim.device.DeviceEventType;
import io.edgeprov.sim.device.DeviceFailure;
import io.edgeprov.sim.device.DeviceListener;
import io.edgeprov.sim.device.DeviceLog;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.device.SimulatedDeviceState;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.sim.device.CoapClientThreads;
import io.edgeprov.sim.device.CoapDeviceTransport;
import io.edgeprov.sim.device.DeviceTransport;
import io.edgeprov.sim.device.EnrollmentChannel;
import io.edgeprov.sim.device.MqttEnrollmentChannel;
import java.util.Optional;
import io.edgeprov.sim.device.PahoClientThreads;
import io.edgeprov.sim.device.PahoDeviceTransport;
import io.edgeprov.sim.device.RevocationPath;
import io.edgeprov.sim.device.SimulatedDevice;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N simulated devices, each with its own {@link SoftwareTpm} whose EK (RSA, ECC or mixed) is
 * certified by one {@link SimulatedManufacturerCa}, run against one broker with at most C steps
 * (connects, attestations, renewals) in flight at once.
 *
 * <p>The TPMs exist from {@link Builder#build()} on, so {@link #onboarding()} and
 * {@link #manufacturerCertificate()} can be handed to the gateway before {@link #run}. A run
 * ends after the configured duration, or, without one, once every device has enrolled or given up.
 */
public final class Fleet implements AutoCloseable {
    private static final Duration STOP_WAIT = Duration.ofSeconds(30);

    private final FleetConfig config;
    private final SimulatedManufacturerCa manufacturer;
    private final List<SoftwareTpm> tpms;
    private final List<DeviceId> ids;
    private final ChannelFactory transports;
    private final Clock clock;
    private final java.util.Optional<FleetExecutors> executors;
    private final AtomicBoolean ran = new AtomicBoolean();
    private final CountDownLatch stopRequested = new CountDownLatch(1);

    private Fleet(FleetConfig config, SimulatedManufacturerCa manufacturer, List<SoftwareTpm> tpms, List<DeviceId> ids,
                  ChannelFactory transports, Clock clock, java.util.Optional<FleetExecutors> executors) {
        this.config = config;
        this.executors = executors;
        this.manufacturer = manufacturer;
        this.tpms = List.copyOf(tpms);
        this.ids = List.copyOf(ids);
        this.transports = transports;
        this.clock = clock;
    }

    public static FleetBuilder builder() {
        return new FleetBuilder();
    }

    /** Package-private entry for {@link FleetBuilder}. */
    static Fleet create(FleetConfig config, SimulatedManufacturerCa manufacturer, List<SoftwareTpm> tpms,
                        List<DeviceId> ids, ChannelFactory transports, Clock clock,
                        java.util.Optional<FleetExecutors> executors) {
        return new Fleet(config, manufacturer, tpms, ids, transports, clock, executors);
    }

    /** Each device's id and EK digest, in device order: the individual enrollments the gateway needs. */
    public List<OnboardingEntry> onboarding() {
        List<OnboardingEntry> entries = new ArrayList<>(ids.size());
        for (int i = 0; i < ids.size(); i++) {
            entries.add(new OnboardingEntry(ids.get(i), Onboarding.ekSha256(tpms.get(i).endorsementKeyPublic())));
        }
        return entries;
    }

    /** The root that certifies every device's EK, for a group enrollment. */
    public X509Certificate manufacturerCertificate() {
        return manufacturer.certificate();
    }

    public List<DeviceId> deviceIds() {
        return ids;
    }

    /** Ends a run early (from any thread); the run then stops its devices and reports. */
    public void stop() {
        stopRequested.countDown();
    }

    /**
     * Runs the fleet once and blocks until it ends.
     *
     * @throws IllegalStateException when the fleet already ran
     */
    public FleetReport run(FleetProgressListener progress) throws InterruptedException {
        if (!ran.compareAndSet(false, true)) {
            throw new IllegalStateException("a fleet runs once; build another");
        }
        ScheduledExecutorService scheduler = executors.map(FleetExecutors::timer)
                .orElseGet(() -> Executors.newScheduledThreadPool(2, named("fleet-timer")));
        ExecutorService workers = executors.map(FleetExecutors::workers)
                .orElseGet(() -> Executors.newFixedThreadPool(config.concurrency(), named("fleet-worker")));
        BoundedExecutor steps = new BoundedExecutor(workers, config.concurrency());
        Instant started = clock.instant();
        Counters counters = new Counters(ids.size());
        List<SimulatedDevice> devices = new ArrayList<>(ids.size());
        try {
            for (int i = 0; i < ids.size(); i++) {
                devices.add(SimulatedDevice.builder().id(ids.get(i)).tpm(tpms.get(i))
                        .channel(transports.create(ids.get(i), tpms.get(i), i)).settings(config.settings())
                        .clock(clock).scheduler(scheduler).worker(steps).listener(counters).build());
            }
            ScheduledFuture<?> ticks = scheduler.scheduleAtFixedRate(() -> progress.progress(counters.tick(devices,
                    Duration.between(started, clock.instant()), config.progressInterval())),
                    config.progressInterval().toMillis(), config.progressInterval().toMillis(), TimeUnit.MILLISECONDS);
            devices.forEach(SimulatedDevice::start);
            if (config.duration().isPresent()) {
                stopRequested.await(config.duration().get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                awaitSettledOrStop(counters);
            }
            ticks.cancel(false);
            Map<SimulatedDeviceState, Integer> finalStates = states(devices);
            stopAll(devices);
            Duration elapsed = Duration.between(started, clock.instant());
            progress.progress(counters.tick(devices, elapsed, config.progressInterval()));
            return report(devices, finalStates, elapsed);
        } finally {
            // executors the caller injected stay the caller's to shut down
            if (executors.isEmpty()) {
                scheduler.shutdownNow();
                workers.shutdownNow();
                scheduler.awaitTermination(5, TimeUnit.SECONDS);
                workers.awaitTermination(5, TimeUnit.SECONDS);
            }
        }
    }

    private void awaitSettledOrStop(Counters counters) throws InterruptedException {
        long deadline = System.nanoTime() + config.maxWait().toNanos();
        while (stopRequested.getCount() > 0) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || counters.settled.await(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS)) {
                return;
            }
        }
    }

    private static void stopAll(List<SimulatedDevice> devices) throws InterruptedException {
        devices.forEach(SimulatedDevice::halt);
        // Paho's disconnect takes about 100 ms: close devices side by side, not one after another.
        ExecutorService closers = Executors.newFixedThreadPool(Math.max(1, Math.min(16, devices.size())), named("fleet-stop"));
        try {
            devices.forEach(d -> closers.execute(d::close));
            closers.shutdown();
            closers.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } finally {
            closers.shutdownNow();
        }
    }

    private static Map<SimulatedDeviceState, Integer> states(List<SimulatedDevice> devices) {
        Map<SimulatedDeviceState, Integer> states = new EnumMap<>(SimulatedDeviceState.class);
        devices.forEach(d -> states.merge(d.state(), 1, Integer::sum));
        return states;
    }

    private FleetReport report(List<SimulatedDevice> devices, Map<SimulatedDeviceState, Integer> finalStates, Duration elapsed) {
        int enrolled = 0;
        int renewed = 0;
        int rotated = 0;
        int reattested = 0;
        int reconnects = 0;
        int gaveUp = 0;
        Map<WireErrorCode, Integer> refusals = new EnumMap<>(WireErrorCode.class);
        Map<DeviceFailure, Integer> failures = new EnumMap<>(DeviceFailure.class);
        List<Duration> enrollLatencies = new ArrayList<>();
        List<Duration> renewLatencies = new ArrayList<>();
        List<DeviceLog> logs = new ArrayList<>(devices.size());
        for (SimulatedDevice device : devices) {
            DeviceLog log = device.log();
            logs.add(log);
            enrolled += log.enrolled();
            renewed += log.renewed();
            rotated += log.keysRotated();
            reattested += log.reattestations();
            reconnects += log.reconnects();
            gaveUp += (int) log.events().stream().filter(e -> e.type() == DeviceEventType.GAVE_UP).count();
            log.refusals().forEach((code, n) -> refusals.merge(code, n, Integer::sum));
            log.failures().forEach((failure, n) -> failures.merge(failure, n, Integer::sum));
            enrollLatencies.addAll(log.enrollLatencies());
            renewLatencies.addAll(log.renewLatencies());
        }
        return new FleetReport(devices.size(), elapsed, finalStates, enrolled, renewed, rotated, reattested, reconnects,
                gaveUp, refusals, failures, LatencySummary.of(enrollLatencies), LatencySummary.of(renewLatencies),
                RevocationSummary.of(logs));
    }

    /** Closes every TPM. */
    @Override
    public void close() {
        tpms.forEach(SoftwareTpm::close);
        if (transports instanceof AutoCloseable shared) {
            try {
                shared.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the fleet's transports failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public String toString() {
        return "Fleet[" + ids.size() + " devices, concurrency " + config.concurrency() + "]";
    }

    /** Paho MQTT for each device, JSON bodies. */
    static ChannelFactory mqtt(TransportFactory transports, Clock clock) {
        return new MqttChannels(transports, clock);
    }

    static TransportFactory paho(String host, int port, int enrollmentPort, List<X509Certificate> trust,
                                 boolean acceptPromotion) {
        return new PahoTransports(host, port, enrollmentPort, trust, acceptPromotion);
    }

    /** CoAP over DTLS for every device (or every other, {@link FleetTransport#MIXED}), beside MQTT for the rest. */
    static ChannelFactory byTransport(FleetTransport transport, Optional<ChannelFactory> mqtt, Optional<ChannelFactory> coap) {
        return new MixedChannels(transport, mqtt, coap);
    }

    static ChannelFactory coap(String host, int port, List<X509Certificate> trust) {
        return new CoapChannels(host, port, trust, new CoapClientThreads("fleet"));
    }

    private record MqttChannels(TransportFactory transports, Clock clock) implements ChannelFactory, AutoCloseable {
        @Override
        public EnrollmentChannel create(DeviceId id, DeviceTpm tpm, int index) {
            return new MqttEnrollmentChannel(id, transports.create(id, tpm), new JsonDeviceCodec(), clock);
        }

        @Override
        public void close() throws Exception {
            if (transports instanceof AutoCloseable shared) {
                shared.close();
            }
        }
    }

    private record CoapChannels(String host, int port, List<X509Certificate> trust, CoapClientThreads threads)
            implements ChannelFactory, AutoCloseable {
        @Override
        public EnrollmentChannel create(DeviceId id, DeviceTpm tpm, int index) {
            return new CoapDeviceTransport(id, host, port, trust, tpm, Optional.of(threads));
        }

        @Override
        public void close() {
            threads.close();
        }
    }

    private record MixedChannels(FleetTransport transport, Optional<ChannelFactory> mqtt, Optional<ChannelFactory> coap)
            implements ChannelFactory, AutoCloseable {
        @Override
        public EnrollmentChannel create(DeviceId id, DeviceTpm tpm, int index) {
            FleetTransport chosen = transport.forDevice(index);
            Optional<ChannelFactory> factory = chosen == FleetTransport.COAP ? coap : mqtt;
            return factory.orElseThrow(() -> new IllegalStateException("no " + chosen + " gateway address for device "
                    + id.value())).create(id, tpm, index);
        }

        @Override
        public void close() throws Exception {
            for (Optional<ChannelFactory> f : List.of(mqtt, coap)) {
                if (f.isPresent() && f.get() instanceof AutoCloseable c) {
                    c.close();
                }
            }
        }
    }

    /** Paho clients for every device, on threads the fleet shares and closes with its TPMs. */
    private record PahoTransports(String host, int port, int enrollmentPort, List<X509Certificate> trust,
                                  boolean acceptPromotion, PahoClientThreads threads) implements TransportFactory, AutoCloseable {
        PahoTransports(String host, int port, int enrollmentPort, List<X509Certificate> trust, boolean acceptPromotion) {
            this(host, port, enrollmentPort, trust, acceptPromotion, new PahoClientThreads("fleet-mqtt"));
        }

        @Override
        public DeviceTransport create(DeviceId id, DeviceTpm tpm) {
            return new PahoDeviceTransport(id, host, port, enrollmentPort, trust, tpm, java.util.Optional.of(threads),
                    acceptPromotion);
        }

        @Override
        public void close() {
            threads.close();
        }
    }

    private static java.util.concurrent.ThreadFactory named(String prefix) {
        AtomicInteger next = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + "-" + next.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Live counts, fed by every device's listener. */
    private static final class Counters implements DeviceListener {
        private final AtomicInteger enrolled = new AtomicInteger();
        private final AtomicInteger renewed = new AtomicInteger();
        private final AtomicInteger refused = new AtomicInteger();
        private final Map<RevocationPath, AtomicInteger> revoked = new EnumMap<>(RevocationPath.class);
        private final AtomicLong lastEnrolled = new AtomicLong();
        private final AtomicLong lastRenewed = new AtomicLong();
        private final Set<DeviceId> settledDevices = ConcurrentHashMap.newKeySet();
        private final CountDownLatch settled;

        Counters(int devices) {
            this.settled = new CountDownLatch(devices);
            // every key up front: the map is then only read while devices count concurrently
            for (RevocationPath path : RevocationPath.values()) {
                revoked.put(path, new AtomicInteger());
            }
        }

        @Override
        public void eventRecorded(SimulatedDevice device, DeviceEvent event) {
            switch (event.type()) {
                case ENROLLED -> enrolled.incrementAndGet();
                case RENEWED, KEY_ROTATED -> renewed.incrementAndGet();
                case REFUSED -> refused.incrementAndGet();
                case REVOKED -> event.revocationPath().ifPresent(path -> revoked.get(path).incrementAndGet());
                default -> {
                    // only enrollments, renewals, refusals and revocations are counted live
                }
            }
            if ((event.type() == DeviceEventType.ENROLLED || event.type() == DeviceEventType.GAVE_UP)
                    && settledDevices.add(device.id())) {
                settled.countDown();
            }
        }

        FleetProgress tick(List<SimulatedDevice> devices, Duration elapsed, Duration interval) {
            int e = enrolled.get();
            int r = renewed.get();
            double seconds = interval.toMillis() / 1000.0;
            double enrolledRate = (e - lastEnrolled.getAndSet(e)) / seconds;
            double renewedRate = (r - lastRenewed.getAndSet(r)) / seconds;
            Map<RevocationPath, Integer> revokedNow = new EnumMap<>(RevocationPath.class);
            revoked.forEach((path, n) -> {
                if (n.get() > 0) {
                    revokedNow.put(path, n.get());
                }
            });
            return new FleetProgress(elapsed, states(devices), e, r, refused.get(), revokedNow, enrolledRate, renewedRate);
        }
    }
}
