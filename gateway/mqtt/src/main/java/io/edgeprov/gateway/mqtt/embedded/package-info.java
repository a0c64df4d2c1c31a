/** The gateway's embedded HiveMQ broker: TLS listener, fail-closed startup, per-client identity and topic permissions, and device requests answered inside the broker. */
package io.edgeprov.gateway.mqtt.embedded;
