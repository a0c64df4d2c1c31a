/** Gateway-wide request policy that is independent of any transport: rate limits per device and per source. */
package io.edgeprov.gateway.core.policy;
