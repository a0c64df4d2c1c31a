package io.edgeprov.pki.tpm;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/** The TPM's half of credential activation, in software, so MakeCredential can be round-tripped in unit tests. */
final class ActivateCredential {
    private ActivateCredential() {
    }

    static byte[] activate(TpmPublic ek, PrivateKey ekPrivate, TpmName akName, MadeCredential made) throws Exception {
        TpmAlgorithm nameAlg = ek.nameAlg();
        TpmEncryptedSecret enc = TpmEncryptedSecret.unmarshalTpm2b(made.encryptedSecret());
        byte[] seed;
        if (ek.type() == TpmAlgorithm.RSA) {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.DECRYPT_MODE, ekPrivate, MakeCredential.oaepParameters(nameAlg, "IDENTITY"));
            seed = rsa.doFinal(enc.secret());
        } else {
            TpmEccCurve curve = ek.eccParameters().curve();
            TpmsEccPoint ephemeral = enc.eccPoint();
            javax.crypto.KeyAgreement ecdh = javax.crypto.KeyAgreement.getInstance("ECDH");
            ecdh.init(ekPrivate);
            ecdh.doPhase(ephemeral.toPublicKey(curve), true);
            byte[] z = ecdh.generateSecret();
            seed = TpmKdf.kdfe(nameAlg, z, "IDENTITY", ephemeral.x(), ((TpmsEccPoint) ek.unique()).x(), nameAlg.digestSize() * 8);
        }
        TpmIdObject id = TpmIdObject.unmarshalTpm2b(made.idObject());
        byte[] hmacKey = TpmKdf.kdfa(nameAlg, seed, "INTEGRITY", new byte[0], new byte[0], nameAlg.digestSize() * 8);
        Mac mac = Mac.getInstance(nameAlg.jcaHmacName());
        mac.init(new SecretKeySpec(hmacKey, mac.getAlgorithm()));
        mac.update(id.encIdentity());
        mac.update(akName.bytes());
        if (!MessageDigest.isEqual(mac.doFinal(), id.integrityHmac())) {
            throw new GeneralSecurityException("integrity check failed");
        }
        byte[] symKey = TpmKdf.kdfa(nameAlg, seed, "STORAGE", akName.bytes(), new byte[0], ek.parameters().symmetric().keyBits());
        Cipher aes = Cipher.getInstance("AES/CFB/NoPadding");
        aes.init(Cipher.DECRYPT_MODE, new SecretKeySpec(symKey, "AES"), new IvParameterSpec(new byte[16]));
        TpmReader r = TpmReader.of(aes.doFinal(id.encIdentity()));
        byte[] secret = r.tpm2b("credential", 64);
        r.expectEnd("credential");
        return secret;
    }
}
