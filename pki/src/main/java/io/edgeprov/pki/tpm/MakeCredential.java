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
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.math.ec.ECPoint;
import org.bouncycastle.math.ec.FixedPointCombMultiplier;
import org.bouncycastle.util.BigIntegers;

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
    private static byte[][] eccSeed(TpmPublic ek, SecureRandom random) throws TpmFormatException {
        TpmEccCurve curve = ek.eccParameters().curve();
        TpmsEccPoint ekPoint = (TpmsEccPoint) ek.unique();
        ECPoint qEk = TpmCurves.point(curve, ekPoint.x(), ekPoint.y(), "EK.unique.ecc");
        X9ECParameters params = TpmCurves.bc(curve);
        BigInteger d = BigIntegers.createRandomInRange(BigInteger.ONE, params.getN().subtract(BigInteger.ONE), random);
        ECPoint qE = new FixedPointCombMultiplier().multiply(params.getG(), d).normalize();
        ECPoint shared = qEk.multiply(d).normalize();
        int len = curve.keyBytes();
        byte[] z = TpmCurves.fixed(shared.getAffineXCoord().toBigInteger(), len);
        byte[] xE = TpmCurves.fixed(qE.getAffineXCoord().toBigInteger(), len);
        byte[] yE = TpmCurves.fixed(qE.getAffineYCoord().toBigInteger(), len);
        byte[] seed = TpmKdf.kdfe(ek.nameAlg(), z, "IDENTITY", xE, ekPoint.x(), ek.nameAlg().digestSize() * 8);
        Arrays.fill(z, (byte) 0);
        return new byte[][] {seed, new TpmsEccPoint(xE, yE).marshal()};
    }
}
