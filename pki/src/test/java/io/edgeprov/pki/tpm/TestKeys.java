package io.edgeprov.pki.tpm;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.math.BigInteger;

/** Software key pairs standing in for TPM-resident keys; generated once per test JVM because RSA generation is slow. */
final class TestKeys {
    static final KeyPair RSA_EK = rsa();
    static final KeyPair RSA_AK = rsa();
    static final KeyPair P256_EK = ec("secp256r1");
    static final KeyPair P384_EK = ec("secp384r1");
    static final KeyPair P256_AK = ec("secp256r1");
    static final KeyPair P256_DEVICE = ec("secp256r1");
    static final KeyPair P256_OTHER = ec("secp256r1");

    private TestKeys() {
    }

    static KeyPair rsa() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(new RSAKeyGenParameterSpec(2048, BigInteger.valueOf(65537)), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair ec(String curve) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec(curve), new SecureRandom());
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
