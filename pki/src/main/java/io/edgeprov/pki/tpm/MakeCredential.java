package io.edgeprov.pki.tpm;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECPublicKeySpec;
import javax.crypto.KeyAgreement;

/**
 * TPM2_MakeCredential done in software (TPM 2.0 Part 1, 24): wraps a secret so that only the
 * TPM holding both the EK and an object with the given Name can recover it with
 * TPM2_ActivateCredential.
 */
public final class MakeCredential {
    private MakeCredential() {
    }

    /**
     * Binds {@code secret} to {@code akName} under {@code ek}. The EK must be a restricted
     * decryption key with an AES symmetric algorithm (every TCG EK template is).
     */
    public static MadeCredential make(TpmPublic ek, TpmName akName, byte[] secret, SecureRandom random) throws TpmFormatException {
        Objects.requireNonNull(ek, "ek");
        Objects.requireNonNull(akName, "akName");
        Objects.requireNonNull(random, "random");
        TpmAlgorithm nameAlg = ek.nameAlg();
        ObjectAttributes attrs = ek.objectAttributes();
        if (!attrs.restricted() || !attrs.decrypt() || attrs.sign()) {
            throw new TpmFormatException("EK.objectAttributes", "not a restricted decryption key");
        }
        TpmSymDef sym = ek.parameters().symmetric();
        if (sym.algorithm() != TpmAlgorithm.AES) {
            throw new TpmFormatException("EK.parameters.symmetric", "EK has no AES symmetric algorithm");
        }
        if (secret.length == 0 || secret.length > nameAlg.digestSize()) {
            throw new IllegalArgumentException("credential of " + secret.length + " bytes; needs 1.." + nameAlg.digestSize());
        }
        byte[] seed;
        byte[] encSecret;
        if (ek.type() == TpmAlgorithm.RSA) {
            seed = new byte[nameAlg.digestSize()];
            random.nextBytes(seed);
            encSecret = oaepEncrypt(ek, seed, random);
        } else {
            byte[][] eccOut = eccSeed(ek, random);
            seed = eccOut[0];
            encSecret = eccOut[1];
        }
        byte[] symKey = TpmKdf.kdfa(nameAlg, seed, "STORAGE", akName.bytes(), new byte[0], sym.keyBits());
        byte[] hmacKey = TpmKdf.kdfa(nameAlg, seed, "INTEGRITY", new byte[0], new byte[0], nameAlg.digestSize() * 8);
        byte[] plainIdentity = TpmWriter.sized(secret);
        try {
            Cipher aes = Cipher.getInstance("AES/CFB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
            byte[] encIdentity = aes.doFinal(plainIdentity);
            Mac mac = Mac.getInstance(nameAlg.jcaHmacName());
            mac.init(new SecretKeySpec(hmacKey, mac.getAlgorithm()));
            mac.update(encIdentity);
            mac.update(akName.bytes());
            byte[] outerHmac = mac.doFinal();
            byte[] idObject = new TpmIdObject(outerHmac, encIdentity).marshalTpm2b();
            return new MadeCredential(idObject, TpmWriter.sized(encSecret));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("JDK lacks AES-CFB or HMAC", e);
        } finally {
            Arrays.fill(seed, (byte) 0);
            Arrays.fill(symKey, (byte) 0);
            Arrays.fill(hmacKey, (byte) 0);
            Arrays.fill(plainIdentity, (byte) 0);
        }
    }

    /** The OAEP parameters a TPM uses to decrypt a secret: the key's nameAlg for both hash and MGF1, and the label with its zero. */
    public static OAEPParameterSpec oaepParameters(TpmAlgorithm nameAlg, String label) {
        String digest = nameAlg.jcaDigestName().orElseThrow();
        return new OAEPParameterSpec(digest, "MGF1", new MGF1ParameterSpec(digest), new PSource.PSpecified(TpmKdf.label(label)));
    }

    private static byte[] oaepEncrypt(TpmPublic ek, byte[] seed, SecureRandom random) throws TpmFormatException {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, ek.toPublicKey(), oaepParameters(ek.nameAlg(), "IDENTITY"), random);
            return rsa.doFinal(seed);
        } catch (GeneralSecurityException e) {
            throw new TpmFormatException("EK.unique.rsa", "RSA-OAEP encryption failed", e);
        }
    }

    /** Returns {seed, marshalled ephemeral TPMS_ECC_POINT}. */
    /**
     * The ECDH half of MakeCredential: an ephemeral key on the EK's curve, Z = x of its product with the EK's
     * point, seed = KDFe(Z). Through JCA, so the gateway's curve provider does it (native where it loads,
     * decision 0013: BouncyCastle's pure-Java point multiplication was 8 % of the gateway's CPU per enrollment
     * in the issue-15 profile). A native provider draws its own randomness and ignores {@code random}.
     */
    private static byte[][] eccSeed(TpmPublic ek, SecureRandom random) throws TpmFormatException {
        TpmEccCurve curve = ek.eccParameters().curve();
        TpmsEccPoint ekPoint = (TpmsEccPoint) ek.unique();
        // Checks the point is on the curve (and not infinity) before any key is built from it.
        TpmCurves.point(curve, ekPoint.x(), ekPoint.y(), "EK.unique.ecc");
        int len = curve.keyBytes();
        byte[] z = null;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec(curve.jcaName()), random);
            KeyPair ephemeral = generator.generateKeyPair();
            ECPublicKey ephemeralPublic = (ECPublicKey) ephemeral.getPublic();
            PublicKey ekKey = KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(
                    new java.security.spec.ECPoint(new BigInteger(1, ekPoint.x()), new BigInteger(1, ekPoint.y())),
                    ephemeralPublic.getParams()));
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(ekKey, true);
            z = TpmCurves.fixed(new BigInteger(1, agreement.generateSecret()), len);
            byte[] xE = TpmCurves.fixed(ephemeralPublic.getW().getAffineX(), len);
            byte[] yE = TpmCurves.fixed(ephemeralPublic.getW().getAffineY(), len);
            byte[] seed = TpmKdf.kdfe(ek.nameAlg(), z, "IDENTITY", xE, ekPoint.x(), ek.nameAlg().digestSize() * 8);
            return new byte[][] {seed, new TpmsEccPoint(xE, yE).marshal()};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("no ECDH on " + curve.jcaName() + " in this JVM", e);
        } finally {
            if (z != null) {
                Arrays.fill(z, (byte) 0);
            }
        }
    }
}
