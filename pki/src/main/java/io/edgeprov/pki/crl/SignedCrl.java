package io.edgeprov.pki.crl;

import java.math.BigInteger;
import java.time.Instant;
import java.util.Objects;

/** A signed CRL in DER with the facts a publisher needs (number, update times, size). */
public record SignedCrl(BigInteger number, Instant thisUpdate, Instant nextUpdate, int entries, byte[] der) {
    public SignedCrl {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(thisUpdate, "thisUpdate");
        Objects.requireNonNull(nextUpdate, "nextUpdate");
        der = der.clone();
    }

    @Override
    public byte[] der() {
        return der.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SignedCrl that && java.util.Arrays.equals(der, that.der);
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(der);
    }

    @Override
    public String toString() {
        return "SignedCrl[number=" + number + ", entries=" + entries + ", nextUpdate=" + nextUpdate + "]";
    }
}
