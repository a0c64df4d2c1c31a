package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.DeviceTransport;
import io.edgeprov.sim.tpm.DeviceTpm;

/** Makes each device's link to the broker: Paho over TLS by default, something in memory in tests. */
@FunctionalInterface
public interface TransportFactory {
    DeviceTransport create(DeviceId id, DeviceTpm tpm);
}
