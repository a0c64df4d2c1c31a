package io.edgeprov.gateway.core.registry;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** Devices in memory, for use-case tests. */
public final class InMemoryDeviceStore implements DeviceStore {

    private final Map<String, DeviceRecord> devices = new ConcurrentHashMap<>();

    @Override
    public Optional<DeviceRecord> find(String deviceId) {
        return Optional.ofNullable(devices.get(Objects.requireNonNull(deviceId, "deviceId")));
    }

    @Override
    public CompletableFuture<DeviceRecord> save(DeviceRecord device) {
        devices.put(device.deviceId(), device);
        return CompletableFuture.completedFuture(device);
    }

    /** Every device id, sorted; for {@link InMemoryRegistry}'s directory. */
    java.util.List<String> ids() {
        return devices.keySet().stream().sorted().toList();
    }
}
