/**
 * Read models for people supervising the fleet (the admin plane): paged, filtered queries the registry answers in
 * SQL, so a console never pulls the whole fleet; and the pending queue of genuine but unenrolled TPMs.
 */
package io.edgeprov.gateway.core.fleet;
