/** The CoAP front end: EST-coaps resources over DTLS that adapt CoAP requests to the core's device port. */
package io.edgeprov.gateway.coap;
