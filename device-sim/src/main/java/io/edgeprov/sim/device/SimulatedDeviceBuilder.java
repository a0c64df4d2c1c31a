package io.edgeprov.sim.device;

import io.edgeprov.contracts.codec.DeviceCodec;
import io.edgeprov.contracts.codec.JsonDeviceCodec;
import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.tpm.DeviceTpm;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

/** Collects a device's parts; every one but the executors has a default. */
public final class SimulatedDeviceBuilder {
    DeviceId id;
    DeviceTpm tpm;
    DeviceTransport transport;
    EnrollmentChannel channel;
    DeviceCodec codec = new JsonDeviceCodec();
    DeviceSettings settings = DeviceSettings.defaults();
    Clock clock = Clock.systemUTC();
    SecureRandom random = new SecureRandom();
    ScheduledExecutorService scheduler;
    Optional<Executor> worker = Optional.empty();
    DeviceListener listener = DeviceListener.NONE;

    SimulatedDeviceBuilder() {
    }

    public SimulatedDeviceBuilder id(DeviceId id) {
        this.id = Objects.requireNonNull(id, "id");
        return this;
    }

    public SimulatedDeviceBuilder tpm(DeviceTpm tpm) {
        this.tpm = Objects.requireNonNull(tpm, "tpm");
        return this;
    }

    public SimulatedDeviceBuilder transport(DeviceTransport transport) {
        this.transport = Objects.requireNonNull(transport, "transport");
        return this;
    }

    /** Any transport as an enrollment channel (CoAP: {@link CoapDeviceTransport}); replaces {@link #transport}. */
    public SimulatedDeviceBuilder channel(EnrollmentChannel channel) {
        this.channel = Objects.requireNonNull(channel, "channel");
        return this;
    }

    /** The JSON or CBOR codec an MQTT {@link #transport} speaks with; a {@link #channel} brings its own. */
    public SimulatedDeviceBuilder codec(DeviceCodec codec) {
        this.codec = Objects.requireNonNull(codec, "codec");
        return this;
    }

    public SimulatedDeviceBuilder settings(DeviceSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        return this;
    }

    public SimulatedDeviceBuilder clock(Clock clock) {
        this.clock = Objects.requireNonNull(clock, "clock");
        return this;
    }

    public SimulatedDeviceBuilder random(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
        return this;
    }

    /** Times renewals, retries and reconnects; its tasks only hand work to the worker. */
    public SimulatedDeviceBuilder scheduler(ScheduledExecutorService scheduler) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        return this;
    }

    /** Runs the blocking steps (connects, request/reply waits); the scheduler when unset. */
    public SimulatedDeviceBuilder worker(Executor worker) {
        this.worker = Optional.of(Objects.requireNonNull(worker, "worker"));
        return this;
    }

    public SimulatedDeviceBuilder listener(DeviceListener listener) {
        this.listener = Objects.requireNonNull(listener, "listener");
        return this;
    }

    EnrollmentChannel channel() {
        return channel != null ? channel : new MqttEnrollmentChannel(id, transport, codec, clock);
    }

    public SimulatedDevice build() {
        if (id == null) {
            throw new IllegalStateException("a device needs an id");
        }
        if (tpm == null) {
            throw new IllegalStateException("device " + id.value() + " needs a TPM");
        }
        if (transport == null && channel == null) {
            throw new IllegalStateException("device " + id.value() + " needs a transport or a channel");
        }
        if (transport != null && channel != null) {
            throw new IllegalStateException("device " + id.value() + " has both an MQTT transport and a channel: set one");
        }
        if (scheduler == null) {
            throw new IllegalStateException("device " + id.value() + " needs a scheduler");
        }
        return new SimulatedDevice(this);
    }
}
