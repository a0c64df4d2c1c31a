/** TPMs that simulated devices use: an in-process software TPM and a real TPM 2.0 (swtpm) behind one seam. */
package io.edgeprov.sim.tpm;
