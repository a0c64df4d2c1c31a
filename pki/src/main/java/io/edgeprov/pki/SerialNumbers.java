package io.edgeprov.pki;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * Random certificate serial numbers: 127 bits from a CSPRNG, always positive and at most 16
 * octets, well above the 64 bits of entropy CA/Browser Forum rules ask for. Uniqueness across
 * restarts is the registry's job (it refuses a serial it has seen); at 127 bits a collision is
 * not expected in the life of any fleet.
 */
public final class SerialNumbers {
    private static final int RANDOM_BITS = 127;
    private final SecureRandom random;

    public SerialNumbers(SecureRandom random) {
        this.random = Objects.requireNonNull(random, "random");
    }

    /** A fresh serial; never zero, never negative. */
    public BigInteger next() {
        BigInteger serial;
        do {
            serial = new BigInteger(RANDOM_BITS, random);
        } while (serial.bitLength() < 64);
        return serial;
    }
}
