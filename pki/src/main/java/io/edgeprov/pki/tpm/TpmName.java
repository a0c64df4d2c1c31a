package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * An object Name: nameAlg (16 bits) followed by the nameAlg digest of the marshalled TPMT_PUBLIC.
 * This is what MakeCredential binds a secret to and what TPM2_Certify reports.
 */
public record TpmName(byte[] bytes) {

    /** Largest TPM2B_NAME contents (sizeof(TPMU_NAME) with a SHA-512 digest). */
    public static final int MAX_BYTES = 66;

    public TpmName {
        bytes = bytes.clone();
        if (bytes.length < 2) {
            throw new IllegalArgumentException("TPM2B_NAME: " + bytes.length + " bytes is not a digest name");
        }
        int alg = ((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff);
        TpmAlgorithm nameAlg;
        try {
            nameAlg = TpmAlgorithm.hashFromId(alg, "TPM2B_NAME.nameAlg");
        } catch (TpmFormatException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (bytes.length != 2 + nameAlg.digestSize()) {
            throw new IllegalArgumentException("TPM2B_NAME: " + (bytes.length - 2) + " digest bytes for " + nameAlg);
        }
    }

    /** The Name of a public area: nameAlg || H_nameAlg(TPMT_PUBLIC). */
    public static TpmName of(TpmPublic pub) {
        byte[] digest = pub.nameAlg().newDigest().digest(pub.marshal());
        byte[] name = new byte[2 + digest.length];
        name[0] = (byte) (pub.nameAlg().id() >>> 8);
        name[1] = (byte) pub.nameAlg().id();
        System.arraycopy(digest, 0, name, 2, digest.length);
        return new TpmName(name);
    }

    /** Parses Name bytes (the contents of a TPM2B_NAME), refusing handles and malformed digests. */
    public static TpmName parse(byte[] bytes, String field) throws TpmFormatException {
        if (bytes.length < 2) {
            throw new TpmFormatException(field, bytes.length + " bytes is not a digest name");
        }
        TpmAlgorithm alg = TpmAlgorithm.hashFromId(((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff), field + ".nameAlg");
        if (bytes.length != 2 + alg.digestSize()) {
            throw new TpmFormatException(field, (bytes.length - 2) + " digest bytes for " + alg);
        }
        return new TpmName(bytes);
    }

    static TpmName read(TpmReader r, String field) throws TpmFormatException {
        return parse(r.tpm2b(field, MAX_BYTES), field);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The hash algorithm the Name was computed with. */
    public TpmAlgorithm nameAlg() {
        try {
            return TpmAlgorithm.hashFromId(((bytes[0] & 0xff) << 8) | (bytes[1] & 0xff), "TPM2B_NAME.nameAlg");
        } catch (TpmFormatException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The digest part. */
    public byte[] digest() {
        return Arrays.copyOfRange(bytes, 2, bytes.length);
    }

    /** TPM2B_NAME: the Name with its size prefix. */
    public byte[] marshalTpm2b() {
        return TpmWriter.sized(bytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmName n && Arrays.equals(bytes, n.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return "TpmName[" + HexFormat.of().formatHex(bytes) + "]";
    }
}
