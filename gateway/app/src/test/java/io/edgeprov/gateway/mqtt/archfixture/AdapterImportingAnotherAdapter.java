package io.edgeprov.gateway.mqtt.archfixture;

import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import io.edgeprov.sim.tpm.SoftwareTpm;

/** Breaks the adapter and simulator rules on purpose: the MQTT adapter reaching into the SQLite one and device-sim. */
final class AdapterImportingAnotherAdapter {
    private AdapterImportingAnotherAdapter() {
    }

    static int version(SqliteRegistry registry, SoftwareTpm tpm) {
        return registry.schemaVersion() + tpm.hashCode();
    }
}
