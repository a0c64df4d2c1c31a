package io.edgeprov.sim.tpm;

/**
 * What TPM2_Certify returns.
 *
 * @param attestation the TPMS_ATTEST structure (the TPM2B_ATTEST's buffer, without its size)
 * @param signature   the TPMT_SIGNATURE by the AK over {@code attestation}
 */
public record CertifyResult(byte[] attestation, byte[] signature) {
    public CertifyResult {
        attestation = attestation.clone();
        signature = signature.clone();
    }

    @Override
    public byte[] attestation() {
        return attestation.clone();
    }

    @Override
    public byte[] signature() {
        return signature.clone();
    }
}
