package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.DeviceSettings;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import java.nio.ByteBuffer;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * Collects a fleet's size, broker, trust and behaviour; {@link #build()} makes the TPMs.
 *
 * <p>With a {@link #seed}, every TPM's EK is the same from one build to the next, so an onboarding
 * list written by one process matches the fleet another process runs. Simulation only: a seeded
 * TPM's keys are predictable.
 */
public final class FleetBuilder {
    private int devices = 10;
    private int concurrency = 8;
    private Optional<String> host = Optional.empty();
    private int port;
    private Optional<Integer> enrollmentPort = Optional.empty();
    private boolean acceptPromotion = true;
    private List<X509Certificate> trust = List.of();
    private Optional<SimulatedManufacturerCa> manufacturer = Optional.empty();
    private EkMix ekMix = EkMix.MIXED;
    private DeviceSettings settings = DeviceSettings.defaults();
    private Optional<Duration> duration = Optional.empty();
    private Duration maxWait = Duration.ofMinutes(10);
    private Duration progressInterval = Duration.ofSeconds(1);
    private String idPrefix = "sim-";
    private OptionalLong seed = OptionalLong.empty();
    private Clock clock = Clock.systemUTC();
    private Optional<TransportFactory> transports = Optional.empty();
    private FleetTransport transport = FleetTransport.MQTT;
    private Optional<String> coapHost = Optional.empty();
    private int coapPort;
    private Optional<FleetExecutors> executors = Optional.empty();

    FleetBuilder() {
    }

    public FleetBuilder devices(int count) {
        this.devices = count;
        return this;
    }

    public FleetBuilder concurrency(int steps) {
        this.concurrency = steps;
        return this;
    }

    /** The gateway broker's TLS listener. */
    public FleetBuilder broker(String brokerHost, int brokerPort) {
        this.host = Optional.of(Objects.requireNonNull(brokerHost, "brokerHost"));
        this.port = brokerPort;
        return this;
    }

    /**
     * A separate listener without client certificates for attestation, on the broker's host, for
     * brokers such as Mosquitto that cannot make the client certificate optional.
     */
    /**
     * Whether devices keep the attesting connection when the gateway promotes it (one TLS handshake per
     * enrollment, docs/decisions/0036; the default), or always reconnect with their new certificate (two).
     */
    public FleetBuilder acceptPromotion(boolean keep) {
        this.acceptPromotion = keep;
        return this;
    }

    public FleetBuilder enrollmentPort(int brokerEnrollmentPort) {
        this.enrollmentPort = Optional.of(brokerEnrollmentPort);
        return this;
    }

    /** The gateway CA chain (or its root) the broker's certificate must chain to. */
    public FleetBuilder trust(List<X509Certificate> anchors) {
        this.trust = List.copyOf(anchors);
        return this;
    }

    /** The TPM vendor CA that certifies the EKs; a fresh one when unset. */
    public FleetBuilder manufacturer(SimulatedManufacturerCa ca) {
        this.manufacturer = Optional.of(Objects.requireNonNull(ca, "ca"));
        return this;
    }

    public FleetBuilder ekMix(EkMix mix) {
        this.ekMix = Objects.requireNonNull(mix, "mix");
        return this;
    }

    /** Timeouts, backoff and renewal behaviour of every device. */
    public FleetBuilder settings(DeviceSettings deviceSettings) {
        this.settings = Objects.requireNonNull(deviceSettings, "deviceSettings");
        return this;
    }

    /** Renew this long after each issuance instead of at two thirds of the lifetime (demos, tests). */
    public FleetBuilder renewAfter(Duration after) {
        this.settings = settings.withRenewAfter(after);
        return this;
    }

    /** Renew with a new TPM key each time. */
    public FleetBuilder rotateKeys(boolean rotate) {
        this.settings = settings.withRotateKeyOnRenew(rotate);
        return this;
    }

    /** Run this long; unset: until every device has enrolled or given up. */
    public FleetBuilder duration(Duration runFor) {
        this.duration = Optional.of(Objects.requireNonNull(runFor, "runFor"));
        return this;
    }

    public FleetBuilder maxWait(Duration wait) {
        this.maxWait = Objects.requireNonNull(wait, "wait");
        return this;
    }

    public FleetBuilder progressInterval(Duration interval) {
        this.progressInterval = Objects.requireNonNull(interval, "interval");
        return this;
    }

    /** Device ids are this prefix and a zero-padded number from 1. */
    public FleetBuilder idPrefix(String prefix) {
        this.idPrefix = Objects.requireNonNull(prefix, "prefix");
        return this;
    }

    public FleetBuilder seed(long value) {
        this.seed = OptionalLong.of(value);
        return this;
    }

    public FleetBuilder clock(Clock fleetClock) {
        this.clock = Objects.requireNonNull(fleetClock, "fleetClock");
        return this;
    }

    /** The gateway's CoAP over DTLS listener, for {@link FleetTransport#COAP} and {@link FleetTransport#MIXED}. */
    public FleetBuilder coap(String gatewayHost, int gatewayCoapPort) {
        this.coapHost = Optional.of(Objects.requireNonNull(gatewayHost, "gatewayHost"));
        this.coapPort = gatewayCoapPort;
        return this;
    }

    /** Which transport the devices speak; MQTT when unset. */
    public FleetBuilder transport(FleetTransport fleetTransport) {
        this.transport = Objects.requireNonNull(fleetTransport, "fleetTransport");
        return this;
    }

    /** Replaces the Paho transport (then no broker or trust is needed). */
    public FleetBuilder transports(TransportFactory factory) {
        this.transports = Optional.of(Objects.requireNonNull(factory, "factory"));
        return this;
    }

    /**
     * Runs the fleet on the caller's executors (not shut down by the fleet); the fleet still keeps
     * at most {@link #concurrency} steps in flight. Unset: the fleet makes and stops its own.
     */
    public FleetBuilder executors(FleetExecutors injected) {
        this.executors = Optional.of(Objects.requireNonNull(injected, "injected"));
        return this;
    }

    public Fleet build() {
        FleetConfig config = new FleetConfig(devices, concurrency, settings, duration, maxWait, progressInterval);
        Optional<ChannelFactory> mqtt = Optional.empty();
        if (transports.isPresent()) {
            mqtt = Optional.of(Fleet.mqtt(transports.get(), clock));
        } else if (transport.uses(FleetTransport.MQTT)) {
            if (host.isEmpty()) {
                throw new IllegalStateException("a fleet with MQTT devices needs a broker (host and port) or a transport factory");
            }
            if (port < 1 || port > 65535) {
                throw new IllegalStateException("broker port " + port + " is not 1..65535");
            }
            mqtt = Optional.of(Fleet.mqtt(Fleet.paho(host.get(), port, enrollmentPort.orElse(port), trustOrFail(), acceptPromotion), clock));
        }
        Optional<ChannelFactory> coapChannels = Optional.empty();
        if (transport.uses(FleetTransport.COAP)) {
            if (coapHost.isEmpty()) {
                throw new IllegalStateException("a fleet with CoAP devices needs the gateway's CoAP address (host and port)");
            }
            if (coapPort < 1 || coapPort > 65535) {
                throw new IllegalStateException("CoAP port " + coapPort + " is not 1..65535");
            }
            coapChannels = Optional.of(Fleet.coap(coapHost.get(), coapPort, trustOrFail()));
        }
        ChannelFactory factory = transport == FleetTransport.MQTT ? mqtt.orElseThrow()
                : Fleet.byTransport(transport, mqtt, coapChannels);
        int width = Math.max(4, String.valueOf(devices).length());
        List<DeviceId> ids = new ArrayList<>(devices);
        for (int i = 1; i <= devices; i++) {
            ids.add(new DeviceId(idPrefix + String.format("%0" + width + "d", i)));
        }
        SimulatedManufacturerCa ca = manufacturer.orElseGet(
                () -> SimulatedManufacturerCa.create("EdgeProv Simulated EK Root", clock, random(-1)));
        List<SoftwareTpm> tpms = new ArrayList<>(devices);
        for (int i = 0; i < devices; i++) {
            tpms.add(SoftwareTpm.builder().endorsementKey(ekMix.typeFor(i)).manufacturerCa(ca).clock(clock)
                    .random(random(i)).build());
        }
        return Fleet.create(config, ca, tpms, ids, factory, clock, executors);
    }

    private List<X509Certificate> trustOrFail() {
        if (trust.isEmpty()) {
            throw new IllegalStateException("a fleet on a real gateway needs the gateway CA chain to trust");
        }
        return trust;
    }

    private SecureRandom random(int index) {
        if (seed.isEmpty()) {
            return new SecureRandom();
        }
        try {
            // SHA1PRNG seeded before first use is deterministic, unlike the platform default
            SecureRandom seeded = SecureRandom.getInstance("SHA1PRNG");
            seeded.setSeed(ByteBuffer.allocate(12).putLong(seed.getAsLong()).putInt(index).array());
            return seeded;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA1PRNG", e);
        }
    }
}
