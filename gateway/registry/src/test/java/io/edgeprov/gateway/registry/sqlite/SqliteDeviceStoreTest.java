package io.edgeprov.gateway.registry.sqlite;

import static io.edgeprov.gateway.registry.sqlite.RegistryFixture.NOW;
import static org.assertj.core.api.Assertions.assertThat;

import io.edgeprov.gateway.core.registry.DeviceRecord;
import io.edgeprov.gateway.core.registry.DeviceState;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteDeviceStoreTest {

    @TempDir
    Path folder;

    private RegistryFixture fixture;
    private SqliteRegistry registry;

    @BeforeEach
    void open_registry() {
        fixture = new RegistryFixture(folder);
        registry = fixture.open();
    }

    @AfterEach
    void close_registry() throws InterruptedException {
        registry.close();
        fixture.close();
    }

    @Test
    void a_saved_device_reads_back_equal() {
        DeviceRecord device = DeviceRecord.pending("sensor-1").withState(DeviceState.ACTIVE)
                .seenAt(NOW.plusNanos(1_234_567)).attestedAt(NOW).renewed();

        registry.devices().save(device).join();

        assertThat(registry.devices().find("sensor-1")).contains(device);
    }

    @Test
    void saving_again_replaces_the_row() {
        registry.devices().save(DeviceRecord.pending("sensor-1")).join();

        registry.devices().save(DeviceRecord.pending("sensor-1").withState(DeviceState.REVOKED)).join();

        assertThat(registry.devices().find("sensor-1").orElseThrow().state()).isEqualTo(DeviceState.REVOKED);
    }

    @Test
    void an_unknown_device_is_not_found() {
        assertThat(registry.devices().find("ghost")).isEmpty();
    }
}
