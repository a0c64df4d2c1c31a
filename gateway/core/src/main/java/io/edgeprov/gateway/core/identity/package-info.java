/** Who an MQTT or CoAP client is (device id, certificate) and what its identity lets it do, independent of any transport library. */
package io.edgeprov.gateway.core.identity;
