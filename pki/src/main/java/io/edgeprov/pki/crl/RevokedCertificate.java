package io.edgeprov.pki.crl;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** One entry of a CRL: which certificate, since when, and why. */
public record RevokedCertificate(BigInteger serial, Instant revokedAt, CrlReason reason) {
    public RevokedCertificate {
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(revokedAt, "revokedAt");
        Objects.requireNonNull(reason, "reason");
        if (serial.signum() <= 0) {
            throw new IllegalArgumentException("a certificate serial is positive");
        }
    }
}
