package io.edgeprov.pki.tpm;

/** TPMU_PUBLIC_PARMS: the type-specific half of a public area. */
public sealed interface PublicParameters permits RsaParameters, EccParameters {

    /** The symmetric algorithm for children (NULL unless this is a storage key such as an EK). */
    TpmSymDef symmetric();

    /** The signing or decryption scheme; NULL leaves it to each command. */
    TpmScheme scheme();
}
