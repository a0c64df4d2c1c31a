package io.edgeprov.gateway.core.registry.value;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A SHA-256 digest value (exactly 32 bytes), compared in constant time.
 *
 * @param bytes the 32 digest bytes; copied in and out
 */
public record Sha256Digest(byte[] bytes) {

    /** Length of a SHA-256 digest in bytes. */
    public static final int LENGTH = 32;

    public Sha256Digest {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length != LENGTH) {
            throw new IllegalArgumentException(
                    "SHA-256 digest must be " + LENGTH + " bytes, got " + bytes.length);
        }
        bytes = bytes.clone();
    }

    /** Digest of the given data. */
    public static Sha256Digest of(byte[] data) {
        Objects.requireNonNull(data, "data");
        return new Sha256Digest(newDigest().digest(data));
    }

    /** Parses 64 hexadecimal characters. */
    public static Sha256Digest fromHex(String hex) {
        Objects.requireNonNull(hex, "hex");
        if (hex.length() != 2 * LENGTH) {
            throw new IllegalArgumentException(
                    "SHA-256 hex must be " + 2 * LENGTH + " characters, got " + hex.length());
        }
        return new Sha256Digest(HexFormat.of().parseHex(hex));
    }

    /** The all-zero digest, used as the previous hash of the first entry of a chain. */
    public static Sha256Digest zero() {
        return new Sha256Digest(new byte[LENGTH]);
    }

    /** A fresh SHA-256 engine; the algorithm is mandatory on every Java platform. */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is mandatory on every Java platform", e);
        }
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** Lower-case hexadecimal form. */
    public String hex() {
        return HexFormat.of().formatHex(bytes);
    }

    @Override
    public boolean equals(Object other) {
        // Constant time, because some digests (challenge proofs) are compared against attacker input.
        return other instanceof Sha256Digest that && MessageDigest.isEqual(bytes, that.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "Sha256Digest[" + hex() + "]";
    }
}
