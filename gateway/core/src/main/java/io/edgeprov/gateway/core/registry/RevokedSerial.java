package io.edgeprov.gateway.core.registry;

import java.util.Objects;

/**
 * A revoked certificate as a CRL lists it: its serial and its revocation, without the certificate.
 * What {@link CertificateStore#findRevokedSerialsUnexpired} returns, so a CRL rebuild over 100,000
 * revocations does not read 100,000 certificates (docs/decisions/0023).
 *
 * @param serialHex the serial in canonical form, as {@link CertificateRecord#serialHex()}
 * @param revocation when and why
 */
public record RevokedSerial(String serialHex, Revocation revocation) {
    public RevokedSerial {
        Objects.requireNonNull(serialHex, "serialHex");
        Objects.requireNonNull(revocation, "revocation");
    }

    /** The serial and revocation of a revoked certificate. */
    public static RevokedSerial of(CertificateRecord certificate) {
        return new RevokedSerial(certificate.serialHex(), certificate.revocation().orElseThrow(
                () -> new IllegalArgumentException("certificate " + certificate.serialHex() + " is not revoked")));
    }
}
