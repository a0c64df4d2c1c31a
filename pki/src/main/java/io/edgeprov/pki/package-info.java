/** The certificate authority core: CA hierarchy, device certificate profile, CSR checks. */
package io.edgeprov.pki;
