/** Metrics, the health endpoint and log redaction: what operators watch, with no secret in any of it. */
package io.edgeprov.gateway.app.observability;
