/** Parts: the front ends and background jobs a gateway runs around its core, each with start, stop and health. */
package io.edgeprov.gateway.core.part;
