package io.edgeprov.pki.tpm;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.Objects;

/** A device key whose TPM residency and CSR were proven: safe to certify. */
public record VerifiedDeviceKey(TpmPublic publicArea, TpmName name, PublicKey publicKey, TpmsAttest attest, byte[] csrDer) {

    public VerifiedDeviceKey {
        Objects.requireNonNull(publicArea, "publicArea");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(publicKey, "publicKey");
        Objects.requireNonNull(attest, "attest");
        csrDer = csrDer.clone();
    }

    @Override
    public byte[] csrDer() {
        return csrDer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VerifiedDeviceKey v && publicArea.equals(v.publicArea) && attest.equals(v.attest) && Arrays.equals(csrDer, v.csrDer);
    }

    @Override
    public int hashCode() {
        return Objects.hash(publicArea, attest, Arrays.hashCode(csrDer));
    }

    @Override
    public String toString() {
        return "VerifiedDeviceKey[" + name + "]";
    }
}
