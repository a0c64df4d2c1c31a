package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.Objects;

/**
 * A bounded big-endian reader over TPM wire bytes. Every size prefix is checked against the
 * structure's maximum and against the bytes left before anything is allocated, so a hostile
 * size field costs nothing.
 */
public final class TpmReader {
    private final byte[] buf;
    private final int end;
    private int pos;

    private TpmReader(byte[] buf, int start, int end) {
        this.buf = buf;
        this.pos = start;
        this.end = end;
    }

    /** A reader over the whole array; the array is not copied, so callers must not change it while reading. */
    public static TpmReader of(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new TpmReader(bytes, 0, bytes.length);
    }

    /** Bytes not yet read. */
    public int remaining() {
        return end - pos;
    }

    private void need(int n, String field) throws TpmFormatException {
        if (n > end - pos) {
            throw new TpmFormatException(field, "truncated: needs " + n + " bytes, " + (end - pos) + " left");
        }
    }

    public int u8(String field) throws TpmFormatException {
        need(1, field);
        return buf[pos++] & 0xff;
    }

    public int u16(String field) throws TpmFormatException {
        need(2, field);
        int v = ((buf[pos] & 0xff) << 8) | (buf[pos + 1] & 0xff);
        pos += 2;
        return v;
    }

    public int u32(String field) throws TpmFormatException {
        need(4, field);
        int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8) | (buf[pos + 3] & 0xff);
        pos += 4;
        return v;
    }

    public long u64(String field) throws TpmFormatException {
        long hi = u32(field) & 0xffffffffL;
        long lo = u32(field) & 0xffffffffL;
        return (hi << 32) | lo;
    }

    /** Exactly {@code n} raw bytes. */
    public byte[] bytes(int n, String field) throws TpmFormatException {
        need(n, field);
        byte[] out = Arrays.copyOfRange(buf, pos, pos + n);
        pos += n;
        return out;
    }

    /** A TPM2B: a 16-bit size no larger than {@code max}, then that many bytes. */
    public byte[] tpm2b(String field, int max) throws TpmFormatException {
        int size = size(field, max);
        return bytes(size, field);
    }

    /** A 16-bit size prefix checked against {@code max} and the bytes left. */
    public int size(String field, int max) throws TpmFormatException {
        int size = u16(field + ".size");
        if (size > max) {
            throw new TpmFormatException(field, "size " + size + " exceeds " + max);
        }
        need(size, field);
        return size;
    }

    /** A sub-reader over a size-prefixed structure; the caller must drain it ({@link #expectEnd}). */
    public TpmReader sized(String field, int max) throws TpmFormatException {
        int size = size(field, max);
        TpmReader inner = new TpmReader(buf, pos, pos + size);
        pos += size;
        return inner;
    }

    /** A TPM_ALG_ID this package knows. */
    public TpmAlgorithm algorithm(String field) throws TpmFormatException {
        return TpmAlgorithm.fromId(u16(field), field);
    }

    /** A hash TPM_ALG_ID. */
    public TpmAlgorithm hashAlgorithm(String field) throws TpmFormatException {
        return TpmAlgorithm.hashFromId(u16(field), field);
    }

    /** Refuses trailing bytes after a structure. */
    public void expectEnd(String field) throws TpmFormatException {
        if (pos != end) {
            throw new TpmFormatException(field, (end - pos) + " trailing bytes");
        }
    }
}
