package io.edgeprov.pki.tpm;

/** TPMU_PUBLIC_ID: the public key itself (an RSA modulus or an ECC point). */
public sealed interface PublicUnique permits RsaModulus, TpmsEccPoint {
}
