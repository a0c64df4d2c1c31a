/** Deterministic JSON (MQTT) and CBOR (CoAP) encodings of the device messages, with bounded, precise decoding. */
package io.edgeprov.contracts.codec;
