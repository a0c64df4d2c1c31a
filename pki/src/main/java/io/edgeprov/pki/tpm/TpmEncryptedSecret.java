package io.edgeprov.pki.tpm;

import java.util.Arrays;

/**
 * TPM2B_ENCRYPTED_SECRET: for an RSA EK the OAEP-encrypted seed, for an ECC EK the marshalled
 * TPMS_ECC_POINT of the sender's ephemeral key.
 */
public record TpmEncryptedSecret(byte[] secret) {

    /** sizeof(TPMU_ENCRYPTED_SECRET): an RSA-4096 ciphertext. */
    public static final int MAX_SIZE = RsaParameters.MAX_KEY_BYTES;

    public TpmEncryptedSecret {
        secret = secret.clone();
        if (secret.length > MAX_SIZE) {
            throw new IllegalArgumentException("TPM2B_ENCRYPTED_SECRET: size " + secret.length + " exceeds " + MAX_SIZE);
        }
    }

    @Override
    public byte[] secret() {
        return secret.clone();
    }

    public static TpmEncryptedSecret unmarshalTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader r = TpmReader.of(bytes);
        byte[] s = r.tpm2b("TPM2B_ENCRYPTED_SECRET", MAX_SIZE);
        r.expectEnd("TPM2B_ENCRYPTED_SECRET");
        return new TpmEncryptedSecret(s);
    }

    /** For an ECC EK: the ephemeral point this secret carries. */
    public TpmsEccPoint eccPoint() throws TpmFormatException {
        TpmReader r = TpmReader.of(secret);
        TpmsEccPoint p = TpmsEccPoint.read(r, "TPM2B_ENCRYPTED_SECRET.ecc");
        r.expectEnd("TPM2B_ENCRYPTED_SECRET.ecc");
        return p;
    }

    public byte[] marshalTpm2b() {
        return TpmWriter.sized(secret);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmEncryptedSecret e && Arrays.equals(secret, e.secret);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "TpmEncryptedSecret[" + secret.length + " bytes]";
    }
}
