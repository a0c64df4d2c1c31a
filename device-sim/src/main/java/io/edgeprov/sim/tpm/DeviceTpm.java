package io.edgeprov.sim.tpm;

import java.util.Optional;

/**
 * The TPM 2.0 operations a device needs to enroll, as bytes on the TPM's own wire formats.
 *
 * <p>Private keys never leave an implementation: the API has no method that returns one. Every
 * byte array is a TPM 2.0 (Part 2) structure as a real TPM emits it, so the gateway cannot tell a
 * {@code SoftwareTpm} from swtpm or a hardware TPM.
 */
public interface DeviceTpm extends AutoCloseable {

    /** The endorsement key's public area, TPM2B_PUBLIC (size-prefixed TPMT_PUBLIC). */
    byte[] endorsementKeyPublic();

    /** The EK certificate (DER) the manufacturer provisioned, if there is one. */
    Optional<byte[]> endorsementKeyCertificate();

    /** The attestation key's public area, TPM2B_PUBLIC: a restricted signing key made by this TPM. */
    byte[] attestationKeyPublic();

    /**
     * TPM2_ActivateCredential with the AK and the EK.
     *
     * @param credentialBlob  TPM2B_ID_OBJECT as MakeCredential produced it
     * @param encryptedSecret TPM2B_ENCRYPTED_SECRET as MakeCredential produced it
     * @return the secret (the TPM2B_DIGEST's buffer, without its size)
     * @throws TpmOperationException when this TPM does not hold the EK and the AK the credential names
     */
    byte[] activateCredential(byte[] credentialBlob, byte[] encryptedSecret) throws TpmOperationException;

    /** TPM2_Create of a new ECC P-256 signing key (fixedTPM, fixedParent, sensitiveDataOrigin, userWithAuth, sign). */
    TpmKeyHandle createDeviceKey() throws TpmOperationException;

    /** The key's public area, TPM2B_PUBLIC. */
    byte[] publicArea(TpmKeyHandle key) throws TpmOperationException;

    /**
     * TPM2_Certify of {@code key} by the AK.
     *
     * @param qualifyingData the caller's nonce; it comes back as extraData in the attestation
     */
    CertifyResult certify(TpmKeyHandle key, byte[] qualifyingData) throws TpmOperationException;

    /**
     * Signs {@code message} with the key (SHA-256, then TPM2_Sign) and returns the signature in
     * X.509 form (DER ECDSA-Sig-Value), ready for a PKCS#10 request.
     */
    byte[] signSha256(TpmKeyHandle key, byte[] message) throws TpmOperationException;

    /**
     * Imports a key made outside the TPM (TPM2_Import under the storage key), as a device that
     * cheats would: the public area has neither fixedTPM nor sensitiveDataOrigin. It exists so that
     * tests can prove the gateway refuses such keys; a genuine device never calls it.
     *
     * @param keyPair an ECC P-256 key pair
     */
    TpmKeyHandle importExternalKey(java.security.KeyPair keyPair) throws TpmOperationException;

    @Override
    void close();
}
