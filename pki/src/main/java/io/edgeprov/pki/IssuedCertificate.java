package io.edgeprov.pki;

import java.math.BigInteger;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/** A device certificate as the CA signed it, with the facts the registry records. */
public record IssuedCertificate(String deviceId, BigInteger serial, Instant notBefore, Instant notAfter, byte[] der) {
    public IssuedCertificate {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(serial, "serial");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(notAfter, "notAfter");
        if (!notAfter.isAfter(notBefore)) {
            throw new IllegalArgumentException("notAfter must follow notBefore");
        }
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    /** The serial as lower-case hex, the form the registry and CRL tooling print. */
    public String serialHex() {
        return serial.toString(16);
    }

    /** When the device should start renewing. */
    public Instant renewAfter() {
        return DeviceCertificateProfile.renewAfter(notBefore, notAfter);
    }

    public X509Certificate toX509() throws CertificateException {
        return Certificates.fromDer(der);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof IssuedCertificate that && serial.equals(that.serial) && Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return serial.hashCode();
    }

    @Override
    public String toString() {
        return "IssuedCertificate[device=" + deviceId + ", serial=" + serialHex() + ", notAfter=" + notAfter + "]";
    }
}
