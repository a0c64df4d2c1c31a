package io.edgeprov.sim.tpm;

import io.edgeprov.pki.tpm.MakeCredential;
import io.edgeprov.pki.tpm.TpmAlgorithm;
import io.edgeprov.pki.tpm.TpmEncryptedSecret;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmIdObject;
import io.edgeprov.pki.tpm.TpmKdf;
import io.edgeprov.pki.tpm.TpmName;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.pki.tpm.TpmsEccPoint;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The TPM's half of TPM2_ActivateCredential (TPM 2.0 Part 1, 24): recovers the seed with the EK's
 * private key (RSA-OAEP with label "IDENTITY", or ECDH and KDFe), checks the outer HMAC over the
 * encrypted identity and the AK's Name, and decrypts the credential with AES-CFB.
 *
 * <p>Failure messages name the TPM response code a real TPM would return, never key material.
 */
final class SoftwareCredentialActivation {
    private SoftwareCredentialActivation() {
    }

    static byte[] activate(TpmPublic ek, PrivateKey ekPrivate, TpmName akName, byte[] credentialBlob,
                           byte[] encryptedSecret) throws TpmOperationException {
        TpmAlgorithm nameAlg = ek.nameAlg();
        TpmIdObject idObject;
        TpmEncryptedSecret secret;
        try {
            idObject = TpmIdObject.unmarshalTpm2b(credentialBlob);
            secret = TpmEncryptedSecret.unmarshalTpm2b(encryptedSecret);
        } catch (TpmFormatException e) {
            throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_SIZE, malformed " + e.getMessage(), e);
        }
        byte[] seed = ek.type() == TpmAlgorithm.RSA
                ? rsaSeed(ek, ekPrivate, secret.secret())
                : eccSeed(ek, ekPrivate, secret);
        byte[] hmacKey = TpmKdf.kdfa(nameAlg, seed, "INTEGRITY", new byte[0], new byte[0], nameAlg.digestSize() * 8);
        byte[] symKey = TpmKdf.kdfa(nameAlg, seed, "STORAGE", akName.bytes(), new byte[0],
                ek.parameters().symmetric().keyBits());
        byte[] plain = new byte[0];
        try {
            Mac mac = Mac.getInstance(hmacName(nameAlg));
            mac.init(new SecretKeySpec(hmacKey, mac.getAlgorithm()));
            mac.update(idObject.encIdentity());
            mac.update(akName.bytes());
            if (!MessageDigest.isEqual(mac.doFinal(), idObject.integrityHmac())) {
                // a credential for another EK or another AK Name lands here: the TPM cannot tell which
                throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_INTEGRITY, the credential was "
                        + "not made for this EK and AK Name");
            }
            Cipher aes = Cipher.getInstance("AES/CFB/NoPadding");
            aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
            plain = aes.doFinal(idObject.encIdentity());
            int size = plain.length < 2 ? -1 : Short.toUnsignedInt(ByteBuffer.wrap(plain).getShort());
            if (size != plain.length - 2 || size > nameAlg.digestSize()) {
                throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_SIZE, the decrypted credential "
                        + "is not a TPM2B_DIGEST");
            }
            return Arrays.copyOfRange(plain, 2, plain.length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks HMAC or AES-CFB", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(hmacKey, (byte) 0);
            Arrays.fill(symKey, (byte) 0);
            Arrays.fill(plain, (byte) 0);
        }
    }

    private static byte[] rsaSeed(TpmPublic ek, PrivateKey ekPrivate, byte[] encrypted) throws TpmOperationException {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, ekPrivate, MakeCredential.oaepParameters(ek.nameAlg(), "IDENTITY"));
            byte[] seed = rsa.doFinal(encrypted);
            if (seed.length != ek.nameAlg().digestSize()) {
                throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_VALUE, seed of " + seed.length
                        + " bytes, expected " + ek.nameAlg().digestSize());
            }
            return seed;
        } catch (GeneralSecurityException e) {
            throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_VALUE, the encrypted seed does not "
                    + "decrypt under this EK", e);
        }
    }

    private static byte[] eccSeed(TpmPublic ek, PrivateKey ekPrivate, TpmEncryptedSecret secret)
            throws TpmOperationException {
        try {
            TpmsEccPoint ephemeral = secret.eccPoint();
            TpmsEccPoint ekPoint = (TpmsEccPoint) ek.unique();
            ECPublicKey ekKey = (ECPublicKey) ek.toPublicKey();
            PublicKey peer = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new ECPoint(new BigInteger(1, ephemeral.x()), new BigInteger(1, ephemeral.y())), ekKey.getParams()));
            KeyAgreement ecdh = KeyAgreement.getInstance("ECDH");
            ecdh.init(ekPrivate);
            ecdh.doPhase(peer, true);
            byte[] z = ecdh.generateSecret();
            try {
                return TpmKdf.kdfe(ek.nameAlg(), z, "IDENTITY", ephemeral.x(), ekPoint.x(), ek.nameAlg().digestSize() * 8);
            } finally {
                Arrays.fill(z, (byte) 0);
            }
        } catch (TpmFormatException e) {
            throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_SIZE, malformed " + e.getMessage(), e);
        } catch (GeneralSecurityException | IllegalStateException e) {
            throw new TpmOperationException("TPM2_ActivateCredential: TPM_RC_ECC_POINT, the ephemeral point is "
                    + "not on the EK's curve", e);
        }
    }

    private static String hmacName(TpmAlgorithm hash) {
        return "Hmac" + hash.jcaDigestName().orElseThrow().replace("-", "");
    }
}
