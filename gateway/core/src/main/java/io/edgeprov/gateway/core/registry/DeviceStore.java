package io.edgeprov.gateway.core.registry;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** Devices and their life-cycle state; writes complete only once durably committed. */
public interface DeviceStore {

    /** Finds a device by id. */
    Optional<DeviceRecord> find(String deviceId);

    /** Inserts the device, or replaces the row of the same id. */
    CompletableFuture<DeviceRecord> save(DeviceRecord device);
}
