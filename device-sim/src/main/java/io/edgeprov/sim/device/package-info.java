/** One simulated device speaking the firmware contract over MQTT: enroll by TPM attestation, renew, reconnect. */
package io.edgeprov.sim.device;
