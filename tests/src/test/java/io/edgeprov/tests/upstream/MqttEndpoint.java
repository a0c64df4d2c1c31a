package io.edgeprov.tests.upstream;

/** Where one upstream node takes MQTT connections: plain TCP on loopback. */
public record MqttEndpoint(String host, int port) {
    public MqttEndpoint {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("host is blank");
        }
        if (port < 1 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not a TCP port");
        }
    }

    /** The URI Paho clients take, {@code tcp://host:port}. */
    public String serverUri() {
        return "tcp://" + host + ":" + port;
    }
}
