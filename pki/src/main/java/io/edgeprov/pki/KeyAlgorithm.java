package io.edgeprov.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Provider;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.RSAKeyGenParameterSpec;
import java.util.Locale;

/** The key types this CA makes for itself and accepts from devices. */
public enum KeyAlgorithm {
    EC_P256("EC", 256),
    EC_P384("EC", 384),
    RSA_2048("RSA", 2048),
    RSA_3072("RSA", 3072),
    RSA_4096("RSA", 4096);

    private final String jcaName;
    private final int bits;

    KeyAlgorithm(String jcaName, int bits) {
        this.jcaName = jcaName;
        this.bits = bits;
    }

    public String jcaName() {
        return jcaName;
    }

    public int bits() {
        return bits;
    }

    /** Generates a key pair of this type with the given provider. */
    public KeyPair generate(Provider provider, SecureRandom random) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance(jcaName, provider);
            if (jcaName.equals("EC")) {
                generator.initialize(new ECGenParameterSpec(bits == 256 ? "secp256r1" : "secp384r1"), random);
            } else {
                generator.initialize(new RSAKeyGenParameterSpec(bits, RSAKeyGenParameterSpec.F4), random);
            }
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate a " + this + " key pair", e);
        }
    }

    /** Parses a configuration value such as {@code ec-p256} or {@code rsa-2048}. */
    public static KeyAlgorithm parse(String value) {
        String normalized = value == null ? "" : value.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (KeyAlgorithm algorithm : values()) {
            if (algorithm.name().equals(normalized)) {
                return algorithm;
            }
        }
        throw new IllegalArgumentException("unknown key algorithm '" + value
                + "'; allowed: ec-p256, ec-p384, rsa-2048, rsa-3072, rsa-4096");
    }

    /** The configuration spelling, e.g. {@code ec-p256}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
