package io.edgeprov.pki.tpm;

import java.util.Arrays;

/**
 * What a device sends to prove its key lives in the TPM: the TPMS_ATTEST from TPM2_Certify, the
 * AK's TPMT_SIGNATURE over it, the device key's TPM2B_PUBLIC and a DER PKCS#10 CSR signed by it.
 */
public record CertifyEvidence(byte[] attest, byte[] signature, byte[] deviceKeyPublic, byte[] csrDer) {

    public CertifyEvidence {
        attest = attest.clone();
        signature = signature.clone();
        deviceKeyPublic = deviceKeyPublic.clone();
        csrDer = csrDer.clone();
    }

    @Override
    public byte[] attest() {
        return attest.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }

    @Override
    public byte[] deviceKeyPublic() {
        return deviceKeyPublic.clone();
    }

    @Override
    public byte[] csrDer() {
        return csrDer.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CertifyEvidence e && Arrays.equals(attest, e.attest) && Arrays.equals(signature, e.signature)
                && Arrays.equals(deviceKeyPublic, e.deviceKeyPublic) && Arrays.equals(csrDer, e.csrDer);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(attest) ^ Arrays.hashCode(signature) ^ Arrays.hashCode(deviceKeyPublic) ^ Arrays.hashCode(csrDer);
    }

    @Override
    public String toString() {
        return "CertifyEvidence[attest " + attest.length + ", signature " + signature.length + ", deviceKey " + deviceKeyPublic.length
                + ", csr " + csrDer.length + " bytes]";
    }
}
