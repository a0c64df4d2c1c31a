package io.edgeprov.gateway.core.archfixture;

import io.edgeprov.gateway.registry.sqlite.SqliteRegistry;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

/** Breaks the core rule on purpose: a core class that reaches for a broker client and the SQLite adapter. */
final class CoreClassImportingAdapters {
    private CoreClassImportingAdapters() {
    }

    static String names(MqttAsyncClient client, SqliteRegistry registry) {
        return client.getClientId() + registry.schemaVersion();
    }
}
