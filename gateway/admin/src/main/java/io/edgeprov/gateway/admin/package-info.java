/**
 * The admin plane: people with client certificates supervise the fleet over the embedded broker
 * (issue 14, docs/decisions/0030..0033).
 */
package io.edgeprov.gateway.admin;
