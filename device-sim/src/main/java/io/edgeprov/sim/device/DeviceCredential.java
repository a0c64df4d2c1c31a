package io.edgeprov.sim.device;

import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What a device holds after an issuance: its certificate chain (device certificate first, then
 * the gateway CA chain) and the handle of the TPM key the certificate names. No private key.
 *
 * @param renewAfter the gateway's hint from the bundle
 */
public record DeviceCredential(List<X509Certificate> chain, TpmKeyHandle key, Instant renewAfter) {
    public DeviceCredential {
        chain = List.copyOf(Objects.requireNonNull(chain, "chain"));
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("chain: needs at least the device certificate");
        }
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(renewAfter, "renewAfter");
    }

    public X509Certificate certificate() {
        return chain.get(0);
    }

    public Instant notBefore() {
        return certificate().getNotBefore().toInstant();
    }

    public Instant notAfter() {
        return certificate().getNotAfter().toInstant();
    }

    public boolean expiredAt(Instant now) {
        return !now.isBefore(notAfter());
    }

    @Override
    public String toString() {
        return "DeviceCredential[serial " + certificate().getSerialNumber().toString(16) + ", notAfter " + notAfter()
                + ", key " + key.id() + "]";
    }
}
