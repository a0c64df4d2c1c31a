/** Fleets of simulated devices: onboarding lists before a run, bounded concurrent runs, progress and a final report. */
package io.edgeprov.sim.fleet;
