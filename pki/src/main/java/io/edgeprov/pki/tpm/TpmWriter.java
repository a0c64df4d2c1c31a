package io.edgeprov.pki.tpm;

import java.io.ByteArrayOutputStream;

/** Big-endian writer producing TPM wire bytes; the counterpart of {@link TpmReader}. */
public final class TpmWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(128);

    public TpmWriter u8(int v) {
        out.write(v);
        return this;
    }

    public TpmWriter u16(int v) {
        out.write(v >>> 8);
        out.write(v);
        return this;
    }

    public TpmWriter u32(int v) {
        u16(v >>> 16);
        return u16(v & 0xffff);
    }

    public TpmWriter u64(long v) {
        u32((int) (v >>> 32));
        return u32((int) v);
    }

    public TpmWriter algorithm(TpmAlgorithm alg) {
        return u16(alg.id());
    }

    public TpmWriter bytes(byte[] b) {
        out.write(b, 0, b.length);
        return this;
    }

    /** A TPM2B: 16-bit size then the bytes. */
    public TpmWriter tpm2b(byte[] b) {
        if (b.length > 0xffff) {
            throw new IllegalArgumentException("TPM2B of " + b.length + " bytes does not fit a 16-bit size");
        }
        u16(b.length);
        return bytes(b);
    }

    public byte[] toByteArray() {
        return out.toByteArray();
    }

    /** Wraps already-marshalled bytes in a TPM2B. */
    public static byte[] sized(byte[] inner) {
        return new TpmWriter().tpm2b(inner).toByteArray();
    }
}
