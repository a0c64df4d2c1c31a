package io.edgeprov.pki.crl;

import java.util.Arrays;

/**
 * A growable byte array that DER headers and ready-made DER values are appended to. The CRL's
 * revoked-certificate list is written here one entry after another without an ASN.1 object per
 * entry, which is what made a 100,000-entry CRL cost half a second (docs/decisions/0002).
 * Not thread-safe; one per build.
 */
final class DerBuffer {
    static final int SEQUENCE = 0x30;
    static final int INTEGER = 0x02;
    static final int UTC_TIME = 0x17;
    static final int GENERALIZED_TIME = 0x18;

    private byte[] bytes;
    private int size;

    DerBuffer(int initialCapacity) {
        this.bytes = new byte[Math.max(0, initialCapacity)];
    }

    int size() {
        return size;
    }

    void write(int octet) {
        ensure(1);
        bytes[size++] = (byte) octet;
    }

    void write(byte[] value) {
        ensure(value.length);
        System.arraycopy(value, 0, bytes, size, value.length);
        size += value.length;
    }

    void write(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, bytes, size, length);
        size += length;
    }

    /** A tag and a definite length: short form below 128, else the count of length octets, then the octets. */
    void header(int tag, int length) {
        ensure(6);
        bytes[size++] = (byte) tag;
        if (length < 128) {
            bytes[size++] = (byte) length;
            return;
        }
        int octets = lengthOctets(length);
        bytes[size++] = (byte) (0x80 | octets);
        for (int i = octets - 1; i >= 0; i--) {
            bytes[size++] = (byte) (length >>> (8 * i));
        }
    }

    /** How many octets {@link #header} writes for this length. */
    static int headerLength(int length) {
        return length < 128 ? 2 : 2 + lengthOctets(length);
    }

    private static int lengthOctets(int length) {
        return (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    }

    /** The bytes written, without a copy when the buffer was sized exactly. */
    byte[] toByteArray() {
        return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
    }

    /** The bytes written so far, without copying; valid until the next write. */
    byte[] array() {
        return bytes;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(size + more, Math.max(16, bytes.length * 2)));
        }
    }
}
