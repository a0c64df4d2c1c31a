/** Store interfaces and row records for the gateway registry, free of any storage technology. */
package io.edgeprov.gateway.core.registry;
