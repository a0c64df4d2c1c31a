package io.edgeprov.gateway.coap.archfixture;

import java.sql.Connection;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;

/** Breaks the CoAP rule on purpose: a CoAP adapter class that talks SQL and MQTT itself. */
final class CoapClassReachingPastItsBoundary {
    private CoapClassReachingPastItsBoundary() {
    }

    static String names(MqttAsyncClient client, Connection registry) throws java.sql.SQLException {
        return client.getClientId() + registry.getCatalog();
    }
}
