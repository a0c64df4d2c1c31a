/** Simulated devices and fleets that speak the firmware contract. */
package io.edgeprov.sim;
