/** External-broker mode: the files that make Mosquitto enforce the gateway's policy, and the Paho bridge that answers device requests through it. */
package io.edgeprov.gateway.mqtt.external;
