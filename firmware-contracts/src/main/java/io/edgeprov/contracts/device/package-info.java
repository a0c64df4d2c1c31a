/** Device-facing wire contract: topics, CoAP paths and message records. */
package io.edgeprov.contracts.device;
