package io.edgeprov.pki.tpm;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Optional;

/** TPM_ALG_ID values this package understands (TPM 2.0 Part 2, table 9); ids are never reused. */
public enum TpmAlgorithm {
    RSA(0x0001, 0, null),
    SHA1(0x0004, 20, "SHA-1"),
    HMAC(0x0005, 0, null),
    AES(0x0006, 0, null),
    KEYEDHASH(0x0008, 0, null),
    SHA256(0x000B, 32, "SHA-256"),
    SHA384(0x000C, 48, "SHA-384"),
    NULL(0x0010, 0, null),
    RSASSA(0x0014, 0, null),
    RSAPSS(0x0016, 0, null),
    OAEP(0x0017, 0, null),
    ECDSA(0x0018, 0, null),
    ECDH(0x0019, 0, null),
    KDF1_SP800_56A(0x0020, 0, null),
    KDF1_SP800_108(0x0022, 0, null),
    ECC(0x0023, 0, null),
    SYMCIPHER(0x0025, 0, null),
    CFB(0x0043, 0, null);

    private final int id;
    private final int digestSize;
    private final String jcaDigest;

    TpmAlgorithm(int id, int digestSize, String jcaDigest) {
        this.id = id;
        this.digestSize = digestSize;
        this.jcaDigest = jcaDigest;
    }

    /** The 16-bit TPM_ALG_ID. */
    public int id() {
        return id;
    }

    /** Whether this is a hash algorithm usable as nameAlg or scheme hash. */
    public boolean isHash() {
        return digestSize > 0;
    }

    /** Digest length in bytes; 0 for algorithms that are not hashes. */
    public int digestSize() {
        return digestSize;
    }

    /** The JCA digest name ("SHA-256"); empty for algorithms that are not hashes. */
    public Optional<String> jcaDigestName() {
        return Optional.ofNullable(jcaDigest);
    }

    /** The JCA HMAC name ("HmacSHA256") for a hash algorithm. */
    String jcaHmacName() {
        return "Hmac" + requireJcaDigest().replace("-", "");
    }

    /** A fresh MessageDigest for a hash algorithm. */
    public MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance(requireJcaDigest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaDigest, e);
        }
    }

    private String requireJcaDigest() {
        if (jcaDigest == null) {
            throw new IllegalStateException(name() + " is not a hash algorithm");
        }
        return jcaDigest;
    }

    /** Looks an id up; unknown ids are refused naming the field that carried them. */
    public static TpmAlgorithm fromId(int id, String field) throws TpmFormatException {
        for (TpmAlgorithm a : values()) {
            if (a.id == id) {
                return a;
            }
        }
        throw new TpmFormatException(field, String.format("unknown algorithm 0x%04x", id));
    }

    /** Looks up a hash algorithm id; anything else is refused. */
    public static TpmAlgorithm hashFromId(int id, String field) throws TpmFormatException {
        TpmAlgorithm a = fromId(id, field);
        if (!a.isHash()) {
            throw new TpmFormatException(field, a.name() + " is not a hash algorithm");
        }
        return a;
    }
}
