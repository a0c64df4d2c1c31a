package io.edgeprov.pki.tpm;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.util.function.UnaryOperator;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/**
 * A software stand-in for a device's TPM producing TPM2_Certify evidence; each setter spoils one
 * part so a test can show the matching check refuses it.
 */
final class GivenEvidence {
    static final byte[] QUALIFYING_DATA = {9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 1, 2, 3, 4, 5, 6};

    private KeyPair akPair = TestKeys.P256_AK;
    private ObjectAttributes akAttributes = AttestationFixtures.akAttributes();
    private TpmAlgorithm akSigScheme = TpmAlgorithm.ECDSA;
    private KeyPair devicePair = TestKeys.P256_DEVICE;
    private ObjectAttributes deviceAttributes = AttestationFixtures.deviceKeyAttributes();
    private KeyPair csrSigner = TestKeys.P256_DEVICE;
    private KeyPair csrKey = TestKeys.P256_DEVICE;
    private byte[] extraData = QUALIFYING_DATA;
    private TpmName certifiedName;
    private UnaryOperator<byte[]> attestEditor = UnaryOperator.identity();

    static GivenEvidence eccAk() {
        return new GivenEvidence();
    }

    static GivenEvidence rsaAk(TpmAlgorithm scheme) {
        GivenEvidence g = new GivenEvidence();
        g.akPair = TestKeys.RSA_AK;
        g.akSigScheme = scheme;
        return g;
    }

    GivenEvidence akAttributes(ObjectAttributes a) {
        this.akAttributes = a;
        return this;
    }

    GivenEvidence deviceAttributes(ObjectAttributes a) {
        this.deviceAttributes = a;
        return this;
    }

    GivenEvidence extraData(byte[] data) {
        this.extraData = data.clone();
        return this;
    }

    GivenEvidence certifiedName(TpmName name) {
        this.certifiedName = name;
        return this;
    }

    GivenEvidence csrSignedBy(KeyPair signer) {
        this.csrSigner = signer;
        return this;
    }

    GivenEvidence csrFor(KeyPair key) {
        this.csrKey = key;
        this.csrSigner = key;
        return this;
    }

    /** Changes the attestation bytes before the AK signs them (what a forger with a non-restricted key could sign). */
    GivenEvidence signedAttestEditedBy(UnaryOperator<byte[]> editor) {
        this.attestEditor = editor;
        return this;
    }

    TpmPublic ak() {
        TpmScheme scheme = TpmScheme.of(akSigScheme, TpmAlgorithm.SHA256);
        return TpmPublic.signingKey(akPair.getPublic(), TpmAlgorithm.SHA256, akAttributes, scheme);
    }

    TpmPublic deviceKey() {
        TpmScheme scheme = TpmScheme.of(TpmAlgorithm.ECDSA, TpmAlgorithm.SHA256);
        return TpmPublic.signingKey(devicePair.getPublic(), TpmAlgorithm.SHA256, deviceAttributes, scheme);
    }

    byte[] attestBytes() {
        TpmName name = certifiedName != null ? certifiedName : deviceKey().name();
        byte[] bytes = TpmsAttest.certify(name).qualifiedSigner(ak().name().bytes()).extraData(extraData)
                .clockInfo(new TpmsClockInfo(12345, 2, 0, true)).firmwareVersion(0x2019102300163636L).build().marshal();
        return attestEditor.apply(bytes);
    }

    byte[] signature(byte[] data) throws Exception {
        return sign(akPair.getPrivate(), akSigScheme, data).marshal();
    }

    static TpmtSignature sign(PrivateKey key, TpmAlgorithm scheme, byte[] data) throws Exception {
        switch (scheme) {
            case ECDSA -> {
                Signature s = Signature.getInstance("SHA256withECDSA");
                s.initSign(key);
                s.update(data);
                return TpmtSignature.ecdsaFromDer(TpmAlgorithm.SHA256, s.sign());
            }
            case RSAPSS -> {
                Signature s = Signature.getInstance("RSASSA-PSS");
                s.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
                s.initSign(key);
                s.update(data);
                return TpmtSignature.rsapss(TpmAlgorithm.SHA256, s.sign());
            }
            default -> {
                Signature s = Signature.getInstance("SHA256withRSA");
                s.initSign(key);
                s.update(data);
                return TpmtSignature.rsassa(TpmAlgorithm.SHA256, s.sign());
            }
        }
    }

    byte[] csr() throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name("CN=device-0001"), csrKey.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withECDSA").build(csrSigner.getPrivate())).getEncoded();
    }

    CertifyEvidence evidence() throws Exception {
        byte[] attest = attestBytes();
        return new CertifyEvidence(attest, signature(attest), deviceKey().marshalTpm2b(), csr());
    }
}
