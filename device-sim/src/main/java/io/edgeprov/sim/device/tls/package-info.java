/** TLS client authentication with a device key that stays inside the device's TPM. */
package io.edgeprov.sim.device.tls;
