package io.edgeprov.gateway.core.registry;

import io.edgeprov.gateway.core.registry.value.Checks;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A device certificate the gateway issued.
 *
 * @param serialHex serial number in canonical form: lower-case hex, no leading zeros, unique for ever
 * @param deviceId the device it names
 * @param notBefore start of validity (stored to the millisecond)
 * @param notAfter end of validity (stored to the millisecond)
 * @param der the certificate's DER encoding; copied in and out
 * @param issuedAt when it was issued (stored to the millisecond)
 * @param revocation set once revoked
 */
public record CertificateRecord(String serialHex, String deviceId, Instant notBefore, Instant notAfter,
        byte[] der, Instant issuedAt, Optional<Revocation> revocation) {

    // RFC 5280 caps serials at 20 octets; canonical form keeps one number from having two spellings.
    private static final Pattern CANONICAL_SERIAL = Pattern.compile("0|[1-9a-f][0-9a-f]{0,39}");

    public CertificateRecord {
        Objects.requireNonNull(serialHex, "serialHex");
        if (!CANONICAL_SERIAL.matcher(serialHex).matches()) {
            throw new IllegalArgumentException(
                    "serialHex must be lower-case hex without leading zeros, at most 40 digits");
        }
        Checks.text(deviceId, "deviceId", DeviceRecord.MAX_ID_LENGTH);
        notBefore = Checks.millis(notBefore, "notBefore");
        notAfter = Checks.millis(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must be after notBefore");
        }
        Objects.requireNonNull(der, "der");
        if (der.length == 0) {
            throw new IllegalArgumentException("der must not be empty");
        }
        der = der.clone();
        issuedAt = Checks.millis(issuedAt, "issuedAt");
        Objects.requireNonNull(revocation, "revocation");
    }

    /** Canonical serial text of a positive serial number. */
    public static String serialHexOf(java.math.BigInteger serial) {
        if (serial.signum() < 0) {
            throw new IllegalArgumentException("serial must not be negative");
        }
        return serial.toString(16);
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** Whether it has been revoked. */
    public boolean isRevoked() {
        return revocation.isPresent();
    }

    /** The same certificate, revoked as given. */
    public CertificateRecord revoked(Revocation value) {
        return new CertificateRecord(serialHex, deviceId, notBefore, notAfter, der, issuedAt, Optional.of(value));
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CertificateRecord that
                && serialHex.equals(that.serialHex)
                && deviceId.equals(that.deviceId)
                && notBefore.equals(that.notBefore)
                && notAfter.equals(that.notAfter)
                && Arrays.equals(der, that.der)
                && issuedAt.equals(that.issuedAt)
                && revocation.equals(that.revocation);
    }

    @Override
    public int hashCode() {
        return Objects.hash(serialHex, deviceId, notBefore, notAfter, Arrays.hashCode(der), issuedAt, revocation);
    }

    @Override
    public String toString() {
        return "CertificateRecord[serialHex=" + serialHex + ", deviceId=" + deviceId + ", notBefore=" + notBefore
                + ", notAfter=" + notAfter + ", derLength=" + der.length + ", issuedAt=" + issuedAt
                + ", revocation=" + revocation + "]";
    }
}
