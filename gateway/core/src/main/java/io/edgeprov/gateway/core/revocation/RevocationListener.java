package io.edgeprov.gateway.core.revocation;

import io.edgeprov.gateway.core.registry.CertificateRecord;
import io.edgeprov.contracts.device.RevocationReason;
import io.edgeprov.pki.crl.SignedCrl;
import java.util.List;

/**
 * Where revocations reach the running parts (the broker: retained CRL, disconnect, notice). The
 * offline CLI has none, so the service depends on this seam rather than on a broker.
 */
public interface RevocationListener {

    /** Nobody listens: the offline CLI, where only the registry and the CRL files change. */
    RevocationListener NONE = new RevocationListener() {
        @Override
        public void crlPublished(SignedCrl crl) {
        }

        @Override
        public void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason) {
        }
    };

    /** A new CRL was signed and written; publish it further. Must not throw for transport trouble. */
    void crlPublished(SignedCrl crl);

    /** The device's certificates were revoked and are on the CRL: cut it off and tell it. Must not throw. */
    void deviceRevoked(String deviceId, List<CertificateRecord> revoked, RevocationReason reason);
}
