package io.edgeprov.sim.device;

/** Hears a device's events and state changes, on the thread that caused them; must not block. */
public interface DeviceListener {
    DeviceListener NONE = new DeviceListener() {
    };

    default void stateChanged(SimulatedDevice device, SimulatedDeviceState from, SimulatedDeviceState to) {
    }

    default void eventRecorded(SimulatedDevice device, DeviceEvent event) {
    }
}
