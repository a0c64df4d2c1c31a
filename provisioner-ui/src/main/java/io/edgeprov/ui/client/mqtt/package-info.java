/** The admin client over MQTT 5 (Eclipse Paho) with mutual TLS from the operator's PKCS#12 file. */
package io.edgeprov.ui.client.mqtt;
