/** SQLite implementation of the registry: migrations, a single group-committing writer, and read-only readers. */
package io.edgeprov.gateway.registry.sqlite;
