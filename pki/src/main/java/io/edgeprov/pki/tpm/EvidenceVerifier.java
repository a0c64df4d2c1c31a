package io.edgeprov.pki.tpm;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.PublicKey;
import java.util.Objects;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * The gateway's checks on TPM evidence (DESIGN "Identity and attestation"): the AK's and EK's
 * shape at Begin, and at Finish the AK's signature over TPM2_Certify output, its magic, type and
 * qualifying data, the certified Name, the device key's attributes and the CSR. Each refusal
 * throws an {@link AttestationException} carrying its own {@link AttestationFailure}.
 */
public final class EvidenceVerifier {
    private final Provider ecProvider;

    /** A verifier using BouncyCastle for ECDSA, several times faster than SunEC on JDK 17. */
    public EvidenceVerifier() {
        this(new BouncyCastleProvider());
    }

    /** A verifier using {@code ecProvider} for ECDSA verification. */
    public EvidenceVerifier(Provider ecProvider) {
        this.ecProvider = Objects.requireNonNull(ecProvider, "ecProvider");
    }

    /** Parses an EK TPM2B_PUBLIC and checks that MakeCredential can target it. */
    public TpmPublic checkEndorsementKey(byte[] ekTpm2bPublic) throws AttestationException {
        TpmPublic ek;
        try {
            ek = TpmPublic.unmarshalTpm2b(ekTpm2bPublic);
            ek.toPublicKey();
        } catch (TpmFormatException e) {
            throw new AttestationException(AttestationFailure.EK_MALFORMED, e.getMessage(), e);
        }
        ObjectAttributes a = ek.objectAttributes();
        if (!a.restricted() || !a.decrypt() || a.sign() || ek.parameters().symmetric().algorithm() != TpmAlgorithm.AES) {
            throw new AttestationException(AttestationFailure.EK_NOT_STORAGE_KEY, "EK is not a restricted AES storage key: " + a);
        }
        return ek;
    }

    /** Parses an AK TPM2B_PUBLIC and checks its attributes. */
    public TpmPublic checkAttestationKey(byte[] akTpm2bPublic) throws AttestationException {
        TpmPublic ak;
        try {
            ak = TpmPublic.unmarshalTpm2b(akTpm2bPublic);
            ak.toPublicKey();
        } catch (TpmFormatException e) {
            throw new AttestationException(AttestationFailure.AK_MALFORMED, e.getMessage(), e);
        }
        checkAttestationKey(ak);
        return ak;
    }

    /** An AK must be a restricted signing key born in and bound to its TPM: fixedTPM, fixedParent, sensitiveDataOrigin, restricted, sign, not decrypt. */
    public void checkAttestationKey(TpmPublic ak) throws AttestationException {
        ObjectAttributes a = ak.objectAttributes();
        require(a.fixedTPM(), AttestationFailure.AK_NOT_FIXED_TPM, "AK lacks fixedTPM");
        require(a.fixedParent(), AttestationFailure.AK_NOT_FIXED_PARENT, "AK lacks fixedParent");
        require(a.sensitiveDataOrigin(), AttestationFailure.AK_NOT_SENSITIVE_DATA_ORIGIN, "AK lacks sensitiveDataOrigin");
        require(a.restricted(), AttestationFailure.AK_NOT_RESTRICTED, "AK lacks restricted");
        require(a.sign(), AttestationFailure.AK_NOT_SIGNING, "AK lacks sign");
        require(!a.decrypt(), AttestationFailure.AK_CAN_DECRYPT, "AK has decrypt");
    }

    /** A device key must be a TPM-born, non-duplicable, unrestricted signing key that cannot decrypt. */
    public void checkDeviceKey(TpmPublic key) throws AttestationException {
        ObjectAttributes a = key.objectAttributes();
        require(a.fixedTPM(), AttestationFailure.DEVICE_KEY_NOT_FIXED_TPM, "device key lacks fixedTPM");
        require(a.fixedParent(), AttestationFailure.DEVICE_KEY_NOT_FIXED_PARENT, "device key lacks fixedParent");
        require(a.sensitiveDataOrigin(), AttestationFailure.DEVICE_KEY_NOT_SENSITIVE_DATA_ORIGIN, "device key lacks sensitiveDataOrigin");
        require(a.sign(), AttestationFailure.DEVICE_KEY_NOT_SIGNING, "device key lacks sign");
        require(!a.decrypt(), AttestationFailure.DEVICE_KEY_CAN_DECRYPT, "device key has decrypt");
        require(!a.restricted(), AttestationFailure.DEVICE_KEY_RESTRICTED, "device key is restricted and cannot sign a CSR");
    }

    /**
     * Verifies TPM2_Certify evidence made with {@code ak} (already checked at Begin) for the
     * challenge whose qualifying data is {@code qualifyingData}, and the CSR: parsed, made for the
     * certified key, and its signature verified.
     */
    public VerifiedDeviceKey verifyCertify(TpmPublic ak, byte[] qualifyingData, CertifyEvidence evidence) throws AttestationException {
        CertifiedKey certified = certifiedKey(ak, qualifyingData, evidence);
        CertifiedKeyCsr.check(ecProvider, evidence.csrDer(), certified.area(), certified.key());
        return new VerifiedDeviceKey(certified.area(), certified.area().name(), certified.key(), certified.attest(),
                evidence.csrDer());
    }

    /**
     * The same checks for a CSR whose signature the caller already verified (with
     * {@link io.edgeprov.pki.CsrVerifier}, which also applies the profile's key rules): only the CSR's
     * key, {@code checkedCsrKey}, is compared with the certified key, so a request's CSR signature is
     * verified once.
     */
    public VerifiedDeviceKey verifyCertify(TpmPublic ak, byte[] qualifyingData, CertifyEvidence evidence,
            PublicKey checkedCsrKey) throws AttestationException {
        Objects.requireNonNull(checkedCsrKey, "checkedCsrKey");
        CertifiedKey certified = certifiedKey(ak, qualifyingData, evidence);
        if (!certified.area().matches(checkedCsrKey)) {
            throw new AttestationException(AttestationFailure.CSR_KEY_MISMATCH, "CSR key is not the certified device key");
        }
        return new VerifiedDeviceKey(certified.area(), certified.area().name(), certified.key(), certified.attest(),
                evidence.csrDer());
    }

    /** A key the AK certified for this challenge, with a device key's attributes. */
    private record CertifiedKey(TpmPublic area, PublicKey key, TpmsAttest attest) {
    }

    private CertifiedKey certifiedKey(TpmPublic ak, byte[] qualifyingData, CertifyEvidence evidence) throws AttestationException {
        Objects.requireNonNull(ak, "ak");
        Objects.requireNonNull(qualifyingData, "qualifyingData");
        // Checked again here so a stored or mis-wired AK can never vouch for a key.
        checkAttestationKey(ak);
        byte[] attestBytes = evidence.attest();
        verifyAkSignature(ak, attestBytes, evidence.signature());
        TpmsAttest attest = parseAttest(attestBytes);
        if (!(attest.attested() instanceof Attested.Certify certify)) {
            throw new AttestationException(AttestationFailure.ATTEST_WRONG_TYPE, String.format("type 0x%04x is not ATTEST_CERTIFY", attest.type()));
        }
        if (!MessageDigest.isEqual(attest.extraData(), qualifyingData)) {
            throw new AttestationException(AttestationFailure.EXTRA_DATA_MISMATCH, "extraData is not this challenge's qualifying data");
        }
        TpmPublic deviceKey;
        PublicKey devicePublicKey;
        try {
            deviceKey = TpmPublic.unmarshalTpm2b(evidence.deviceKeyPublic());
            devicePublicKey = deviceKey.toPublicKey();
        } catch (TpmFormatException e) {
            throw new AttestationException(AttestationFailure.DEVICE_KEY_MALFORMED, e.getMessage(), e);
        }
        TpmName name = deviceKey.name();
        if (!name.equals(certify.name())) {
            throw new AttestationException(AttestationFailure.CERTIFIED_NAME_MISMATCH, "certified " + certify.name() + ", presented " + name);
        }
        checkDeviceKey(deviceKey);
        return new CertifiedKey(deviceKey, devicePublicKey, attest);
    }

    /** Constant-time comparison of the activated credential secret the device returned. */
    public static void checkCredentialProof(byte[] expected, byte[] presented) throws AttestationException {
        if (expected.length == 0 || !MessageDigest.isEqual(expected, presented)) {
            throw new AttestationException(AttestationFailure.CREDENTIAL_PROOF_MISMATCH, "credential proof does not match the challenge");
        }
    }

    private void verifyAkSignature(TpmPublic ak, byte[] attestBytes, byte[] signatureBytes) throws AttestationException {
        TpmtSignature sig;
        try {
            sig = TpmtSignature.unmarshal(signatureBytes);
        } catch (TpmFormatException e) {
            throw new AttestationException(AttestationFailure.SIGNATURE_MALFORMED, e.getMessage(), e);
        }
        boolean ecc = ak.type() == TpmAlgorithm.ECC;
        if (ecc != sig.isEcdsa()) {
            throw new AttestationException(AttestationFailure.SIGNATURE_SCHEME_MISMATCH, sig.sigAlg() + " signature from a " + ak.type() + " AK");
        }
        TpmScheme fixed = ak.parameters().scheme();
        if (!fixed.isNull() && (fixed.scheme() != sig.sigAlg() || fixed.hashAlg() != sig.hashAlg())) {
            throw new AttestationException(AttestationFailure.SIGNATURE_SCHEME_MISMATCH,
                    sig.sigAlg() + "/" + sig.hashAlg() + " signature from an AK fixed to " + fixed.scheme() + "/" + fixed.hashAlg());
        }
        if (ecc && !TpmSignatures.fitsCurve(sig, ak.eccParameters().curve())) {
            throw new AttestationException(AttestationFailure.SIGNATURE_MALFORMED, "ECDSA r or s longer than the AK curve");
        }
        try {
            if (!TpmSignatures.verify(ecProvider, ak.toPublicKey(), sig, attestBytes)) {
                throw new AttestationException(AttestationFailure.SIGNATURE_INVALID, "AK signature over TPMS_ATTEST does not verify");
            }
        } catch (TpmFormatException e) {
            throw new AttestationException(AttestationFailure.AK_MALFORMED, e.getMessage(), e);
        } catch (GeneralSecurityException e) {
            throw new AttestationException(AttestationFailure.SIGNATURE_INVALID, "AK signature check failed (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static TpmsAttest parseAttest(byte[] attestBytes) throws AttestationException {
        try {
            return TpmsAttest.unmarshal(attestBytes);
        } catch (TpmFormatException e) {
            AttestationFailure f = switch (e.field()) {
                case "TPMS_ATTEST.magic" -> AttestationFailure.ATTEST_NOT_TPM_GENERATED;
                case "TPMS_ATTEST.type" -> AttestationFailure.ATTEST_WRONG_TYPE;
                default -> AttestationFailure.ATTEST_MALFORMED;
            };
            throw new AttestationException(f, e.getMessage(), e);
        }
    }

    private static void require(boolean ok, AttestationFailure failure, String detail) throws AttestationException {
        if (!ok) {
            throw new AttestationException(failure, detail);
        }
    }
}
