package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.Objects;

/**
 * TPMS_ID_OBJECT inside a TPM2B_ID_OBJECT: the outer HMAC (a TPM2B_DIGEST) followed by the
 * encrypted TPM2B_DIGEST credential, which carries no size of its own.
 */
public record TpmIdObject(byte[] integrityHmac, byte[] encIdentity) {

    /** Largest digest in either half (SHA-512). */
    public static final int MAX_DIGEST = 64;
    /** Largest TPM2B_ID_OBJECT contents. */
    public static final int MAX_SIZE = (2 + MAX_DIGEST) + (2 + MAX_DIGEST);

    public TpmIdObject {
        integrityHmac = integrityHmac.clone();
        encIdentity = encIdentity.clone();
        if (integrityHmac.length > MAX_DIGEST || encIdentity.length > 2 + MAX_DIGEST) {
            throw new IllegalArgumentException("TPMS_ID_OBJECT: oversized HMAC or identity");
        }
    }

    @Override
    public byte[] integrityHmac() {
        return integrityHmac.clone();
    }

    @Override
    public byte[] encIdentity() {
        return encIdentity.clone();
    }

    /** Parses a TPM2B_ID_OBJECT as TPM2_MakeCredential returns it. */
    public static TpmIdObject unmarshalTpm2b(byte[] bytes) throws TpmFormatException {
        TpmReader outer = TpmReader.of(bytes);
        TpmReader r = outer.sized("TPM2B_ID_OBJECT", MAX_SIZE);
        outer.expectEnd("TPM2B_ID_OBJECT");
        byte[] hmac = r.tpm2b("TPM2B_ID_OBJECT.integrityHMAC", MAX_DIGEST);
        int rest = r.remaining();
        if (rest < 2 || rest > 2 + MAX_DIGEST) {
            throw new TpmFormatException("TPM2B_ID_OBJECT.encIdentity", "size " + rest + " is not 2.." + (2 + MAX_DIGEST));
        }
        return new TpmIdObject(hmac, r.bytes(rest, "TPM2B_ID_OBJECT.encIdentity"));
    }

    /** TPM2B_ID_OBJECT bytes. */
    public byte[] marshalTpm2b() {
        return TpmWriter.sized(new TpmWriter().tpm2b(integrityHmac).bytes(encIdentity).toByteArray());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmIdObject i && Arrays.equals(integrityHmac, i.integrityHmac) && Arrays.equals(encIdentity, i.encIdentity);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(integrityHmac), Arrays.hashCode(encIdentity));
    }

    @Override
    public String toString() {
        return "TpmIdObject[hmac " + integrityHmac.length + " bytes, encIdentity " + encIdentity.length + " bytes]";
    }
}
