/** TPM 2.0 structures, object Names, MakeCredential and the checks that turn TPM evidence into a trusted device key. */
package io.edgeprov.pki.tpm;
