/** The provisioning service that attests devices and issues their certificates. */
package io.edgeprov.gateway;
