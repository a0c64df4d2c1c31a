/** Device-facing wire contract v1: identifiers, MQTT topics, CoAP paths, message records, error codes and proof rules. */
package io.edgeprov.contracts.device;
