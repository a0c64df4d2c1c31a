package io.edgeprov.gateway.core.enrollment;

import io.edgeprov.contracts.device.AttestationBegin;
import io.edgeprov.contracts.device.AttestationFinish;
import io.edgeprov.contracts.device.AttestationProofs;
import io.edgeprov.contracts.device.Challenge;
import io.edgeprov.contracts.device.ClientToken;
import io.edgeprov.contracts.device.NewDeviceKey;
import io.edgeprov.contracts.device.RenewRequest;
import io.edgeprov.pki.tpm.ObjectAttributes;
import io.edgeprov.pki.tpm.ObjectAttributes.Bit;
import io.edgeprov.pki.tpm.TpmAlgorithm;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.TpmScheme;
import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.SimulatedManufacturerCa;
import io.edgeprov.sim.tpm.SoftwareTpm;
import io.edgeprov.sim.tpm.SoftwareTpm.EndorsementKeyType;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Optional;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * A device driving its {@link SoftwareTpm} the way firmware does, producing the contract's messages.
 * Variants of the finish let tests present evidence a cheating device would.
 */
public final class TestDevice {

    /** A token distinctive enough that a leak check can search for it. */
    public static final ClientToken TOKEN = new ClientToken("ct_Q7zK4pLm9XwR2vTokenLeakProbe");

    /** How the finish is put together. */
    public enum Finish {
        /** What a genuine device sends. */
        GENUINE,
        /** The secret proof is one bit off. */
        WRONG_PROOF,
        /** The TPM certifies its key, but the CSR is for a software key. */
        SOFTWARE_CSR,
        /** A software key imported into the TPM is certified and signs the CSR. */
        IMPORTED_KEY
    }

    private final String id;
    private final SoftwareTpm tpm;
    private TpmKeyHandle key;
    private byte[] lastSecret = new byte[0];
    private byte[] lastProof = new byte[0];

    private TestDevice(String id, SoftwareTpm tpm) {
        this.id = id;
        this.tpm = tpm;
    }

    public static TestDevice ecc(String id) {
        return new TestDevice(id, SoftwareTpm.builder().endorsementKey(EndorsementKeyType.ECC_P256).build());
    }

    public static TestDevice rsa(String id) {
        return new TestDevice(id, SoftwareTpm.builder().endorsementKey(EndorsementKeyType.RSA_2048).build());
    }

    /** A device whose TPM carries an EK certificate from {@code manufacturer}. */
    public static TestDevice certified(String id, SimulatedManufacturerCa manufacturer, EndorsementKeyType type) {
        return new TestDevice(id, SoftwareTpm.builder().endorsementKey(type).manufacturerCa(manufacturer).build());
    }

    public String id() {
        return id;
    }

    public byte[] ekPublic() {
        return tpm.endorsementKeyPublic();
    }

    /** The secret the TPM recovered at the last finish; only a test may look at it. */
    public byte[] lastSecret() {
        return lastSecret.clone();
    }

    public byte[] lastProof() {
        return lastProof.clone();
    }

    public AttestationBegin begin() {
        return new AttestationBegin(TOKEN, tpm.endorsementKeyPublic(), tpm.endorsementKeyCertificate(),
                tpm.attestationKeyPublic());
    }

    /** A begin whose AK is a plain software signing key: not restricted, not fixedTPM. */
    public AttestationBegin beginWithSoftwareAk() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        TpmPublic fake = TpmPublic.signingKey(generator.generateKeyPair().getPublic(), TpmAlgorithm.SHA256,
                ObjectAttributes.of(Bit.USER_WITH_AUTH, Bit.SIGN_ENCRYPT),
                TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256));
        return new AttestationBegin(TOKEN, tpm.endorsementKeyPublic(), tpm.endorsementKeyCertificate(),
                fake.marshalTpm2b());
    }

    public AttestationFinish finish(Challenge challenge) throws Exception {
        return finish(challenge, Finish.GENUINE);
    }

    public AttestationFinish finish(Challenge challenge, Finish variant) throws Exception {
        lastSecret = tpm.activateCredential(challenge.credentialBlob(), challenge.encryptedSecret());
        byte[] proof = AttestationProofs.secretProof(lastSecret, challenge.challengeId());
        if (variant == Finish.WRONG_PROOF) {
            proof[0] ^= 1;
        }
        lastProof = proof.clone();
        TpmKeyHandle certified = variant == Finish.IMPORTED_KEY ? tpm.importExternalKey(softwareKey())
                : tpm.createDeviceKey();
        byte[] csr = variant == Finish.SOFTWARE_CSR ? softwareCsr() : csr(certified);
        CertifyResult evidence = tpm.certify(certified,
                AttestationProofs.qualifyingData(challenge.challengeId(), lastSecret));
        key = certified;
        return new AttestationFinish(TOKEN, challenge.challengeId(), proof, evidence.attestation(),
                evidence.signature(), tpm.publicArea(certified), csr);
    }

    /** A renewal with a CSR for the key of the current certificate. */
    public RenewRequest renewSameKey() throws Exception {
        return new RenewRequest(TOKEN, csr(key), Optional.empty());
    }

    /** A renewal rotating to a new TPM key certified by the AK for this CSR. */
    public RenewRequest renewNewKey() throws Exception {
        TpmKeyHandle fresh = tpm.createDeviceKey();
        byte[] csr = csr(fresh);
        CertifyResult evidence = tpm.certify(fresh, AttestationProofs.renewalQualifyingData(csr));
        key = fresh;
        return new RenewRequest(TOKEN, csr, Optional.of(new NewDeviceKey(tpm.publicArea(fresh),
                evidence.attestation(), evidence.signature())));
    }

    /** A renewal whose CSR is for a software key nobody certified. */
    public RenewRequest renewWithSoftwareKey() throws Exception {
        return new RenewRequest(TOKEN, softwareCsr(), Optional.empty());
    }

    /** The public key of the device key in use. */
    public PublicKey currentKey() throws Exception {
        return TpmPublic.unmarshalTpm2b(tpm.publicArea(key)).toPublicKey();
    }

    /** A PKCS#10 request signed inside the TPM, the seam firmware uses: SHA-256 then TPM2_Sign. */
    private byte[] csr(TpmKeyHandle handle) throws Exception {
        PublicKey publicKey = TpmPublic.unmarshalTpm2b(tpm.publicArea(handle)).toPublicKey();
        ContentSigner signer = new ContentSigner() {
            private final ByteArrayOutputStream body = new ByteArrayOutputStream();

            @Override
            public AlgorithmIdentifier getAlgorithmIdentifier() {
                return new AlgorithmIdentifier(X9ObjectIdentifiers.ecdsa_with_SHA256);
            }

            @Override
            public OutputStream getOutputStream() {
                return body;
            }

            @Override
            public byte[] getSignature() {
                try {
                    return tpm.signSha256(handle, body.toByteArray());
                } catch (TpmOperationException e) {
                    throw new IllegalStateException("TPM2_Sign failed", e);
                }
            }
        };
        return new PKCS10CertificationRequestBuilder(new X500Name("CN=" + id),
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())).build(signer).getEncoded();
    }

    private byte[] softwareCsr() throws Exception {
        KeyPair pair = softwareKey();
        return new PKCS10CertificationRequestBuilder(new X500Name("CN=" + id),
                SubjectPublicKeyInfo.getInstance(pair.getPublic().getEncoded()))
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())).getEncoded();
    }

    private static KeyPair softwareKey() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    @Override
    public String toString() {
        return "TestDevice[" + id + "]";
    }
}
