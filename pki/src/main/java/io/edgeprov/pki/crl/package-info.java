/** X.509 v2 certificate revocation lists, built fast enough to rebuild on every revocation. */
package io.edgeprov.pki.crl;
