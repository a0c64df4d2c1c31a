/** Revoking device certificates: recording the revocation, rebuilding and publishing the CRL, cutting the device off. */
package io.edgeprov.gateway.core.revocation;
