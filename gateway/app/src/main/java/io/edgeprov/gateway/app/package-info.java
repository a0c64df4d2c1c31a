/** The runnable gateway: assembles registry, CA, revocation, broker and health endpoint from one configuration. */
package io.edgeprov.gateway.app;
