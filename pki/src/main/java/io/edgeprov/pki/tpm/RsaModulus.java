package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.HexFormat;

/** TPM2B_PUBLIC_KEY_RSA as the unique field of an RSA public area. */
public record RsaModulus(byte[] modulus) implements PublicUnique {

    public RsaModulus {
        modulus = modulus.clone();
        if (modulus.length > RsaParameters.MAX_KEY_BYTES) {
            throw new IllegalArgumentException("TPMT_PUBLIC.unique.rsa: size " + modulus.length + " exceeds " + RsaParameters.MAX_KEY_BYTES);
        }
    }

    @Override
    public byte[] modulus() {
        return modulus.clone();
    }

    int length() {
        return modulus.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RsaModulus m && Arrays.equals(modulus, m.modulus);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(modulus);
    }

    @Override
    public String toString() {
        return "RsaModulus[" + modulus.length + " bytes " + HexFormat.of().formatHex(modulus, 0, Math.min(8, modulus.length)) + "...]";
    }
}
