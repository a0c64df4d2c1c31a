package io.edgeprov.pki.tpm;

import java.util.Arrays;

/**
 * The output of MakeCredential, as TPM2_ActivateCredential takes it: a marshalled
 * TPM2B_ID_OBJECT and a marshalled TPM2B_ENCRYPTED_SECRET. Both are safe to send in the clear.
 */
public record MadeCredential(byte[] idObject, byte[] encryptedSecret) {

    public MadeCredential {
        idObject = idObject.clone();
        encryptedSecret = encryptedSecret.clone();
    }

    @Override
    public byte[] idObject() {
        return idObject.clone();
    }

    @Override
    public byte[] encryptedSecret() {
        return encryptedSecret.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MadeCredential m && Arrays.equals(idObject, m.idObject) && Arrays.equals(encryptedSecret, m.encryptedSecret);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(idObject) + Arrays.hashCode(encryptedSecret);
    }

    @Override
    public String toString() {
        return "MadeCredential[idObject " + idObject.length + " bytes, encryptedSecret " + encryptedSecret.length + " bytes]";
    }
}
