/** The certificate authority core: CA hierarchy, the device certificate profile, CSR checks and issuance. */
package io.edgeprov.pki;
