/** The device-sim command line: run a fleet against a gateway broker, or write its onboarding list. */
package io.edgeprov.sim.cli;
