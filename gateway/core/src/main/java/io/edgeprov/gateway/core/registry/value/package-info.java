/** Small value types shared by the registry and the audit log, so neither package depends on the other's records. */
package io.edgeprov.gateway.core.registry.value;
