/** Append-only, hash-chained audit log of every gateway decision, and the verifier that detects tampering. */
package io.edgeprov.gateway.core.audit;
