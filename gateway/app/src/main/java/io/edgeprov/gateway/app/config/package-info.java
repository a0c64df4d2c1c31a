/** The gateway's typed configuration and the YAML loader that refuses every bad value by its key. */
package io.edgeprov.gateway.app.config;
