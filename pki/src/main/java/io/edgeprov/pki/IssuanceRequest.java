package io.edgeprov.pki;

import java.security.PublicKey;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * What the CA is asked to certify: a device id (already authorised by the caller) and a public
 * key (already checked, e.g. by {@link CsrVerifier} and TPM evidence), with an optional lifetime
 * that policy chose within the profile's bounds.
 */
public record IssuanceRequest(String deviceId, PublicKey publicKey, Optional<Duration> lifetime) {
    public IssuanceRequest {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(lifetime, "lifetime");
        lifetime.ifPresent(DeviceCertificateProfile::checkLifetime);
    }

    public static IssuanceRequest of(String deviceId, PublicKey publicKey) {
        return new IssuanceRequest(deviceId, publicKey, Optional.empty());
    }
}
