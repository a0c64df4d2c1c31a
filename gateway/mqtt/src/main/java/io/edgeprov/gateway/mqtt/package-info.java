/** The transport-neutral device wire adapter: decodes a request, calls the enrollment use case and encodes the accepted or rejected reply. */
package io.edgeprov.gateway.mqtt;
