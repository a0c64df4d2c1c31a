/**
 * Upstream fleet sync, an adapter over the core's revocation use case: the outbox relay publishes this
 * gateway's revocations as signed pages, the inbox receiver verifies other gateways' pages and has the
 * core record and enforce them. MQTT 3.1.1, QoS 1, persistent sessions: nothing here assumes one broker
 * process (docs/upstream-broker.md).
 */
package io.edgeprov.gateway.sync;
