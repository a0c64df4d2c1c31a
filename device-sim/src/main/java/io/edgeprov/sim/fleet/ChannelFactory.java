package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.sim.device.EnrollmentChannel;
import io.edgeprov.sim.tpm.DeviceTpm;

/** Makes each device's enrollment channel (MQTT or CoAP); the fleet closes it when it is AutoCloseable. */
@FunctionalInterface
public interface ChannelFactory {
    EnrollmentChannel create(DeviceId id, DeviceTpm tpm, int index);
}
