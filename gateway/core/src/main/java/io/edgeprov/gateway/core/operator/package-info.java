/** Operators as principals: people identified by their client certificate, their roles and permissions, and the principals use cases act for. */
package io.edgeprov.gateway.core.operator;
