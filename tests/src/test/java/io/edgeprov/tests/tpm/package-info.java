/** Proofs that pki.tpm's credentials and evidence checks hold against a real TPM (swtpm) and the software TPM alike. */
package io.edgeprov.tests.tpm;
