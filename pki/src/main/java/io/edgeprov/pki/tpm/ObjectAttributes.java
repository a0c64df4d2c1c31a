package io.edgeprov.pki.tpm;

import java.util.EnumSet;
import java.util.Set;

/**
 * TPMA_OBJECT (TPM 2.0 Part 2, 8.3): the 32-bit attribute word of a TPM object, with one
 * accessor per defined bit. Reserved bits are refused, as a TPM refuses them.
 */
public record ObjectAttributes(int value) {

    /** The defined bits, with their positions. */
    public enum Bit {
        FIXED_TPM(1), ST_CLEAR(2), FIXED_PARENT(4), SENSITIVE_DATA_ORIGIN(5), USER_WITH_AUTH(6),
        ADMIN_WITH_POLICY(7), NO_DA(10), ENCRYPTED_DUPLICATION(11), RESTRICTED(16), DECRYPT(17),
        SIGN_ENCRYPT(18), X509_SIGN(19);

        private final int mask;

        Bit(int position) {
            this.mask = 1 << position;
        }

        public int mask() {
            return mask;
        }
    }

    static final int DEFINED_MASK;

    static {
        int m = 0;
        for (Bit b : Bit.values()) {
            m |= b.mask;
        }
        DEFINED_MASK = m;
    }

    public ObjectAttributes {
        if ((value & ~DEFINED_MASK) != 0) {
            throw new IllegalArgumentException(String.format("TPMA_OBJECT: reserved bits set 0x%08x", value & ~DEFINED_MASK));
        }
    }

    /** The attributes with exactly the given bits set. */
    public static ObjectAttributes of(Bit... bits) {
        int v = 0;
        for (Bit b : bits) {
            v |= b.mask;
        }
        return new ObjectAttributes(v);
    }

    /** Reads the word, refusing reserved bits with a {@link TpmFormatException}. */
    static ObjectAttributes read(TpmReader r, String field) throws TpmFormatException {
        int v = r.u32(field);
        if ((v & ~DEFINED_MASK) != 0) {
            throw new TpmFormatException(field, String.format("reserved bits set 0x%08x", v & ~DEFINED_MASK));
        }
        return new ObjectAttributes(v);
    }

    public boolean has(Bit bit) {
        return (value & bit.mask) != 0;
    }

    /** A copy with {@code bit} set. */
    public ObjectAttributes with(Bit bit) {
        return new ObjectAttributes(value | bit.mask);
    }

    /** A copy with {@code bit} cleared. */
    public ObjectAttributes without(Bit bit) {
        return new ObjectAttributes(value & ~bit.mask);
    }

    /** The bits that are set. */
    public Set<Bit> bits() {
        EnumSet<Bit> set = EnumSet.noneOf(Bit.class);
        for (Bit b : Bit.values()) {
            if (has(b)) {
                set.add(b);
            }
        }
        return set;
    }

    public boolean fixedTPM() { return has(Bit.FIXED_TPM); }
    public boolean stClear() { return has(Bit.ST_CLEAR); }
    public boolean fixedParent() { return has(Bit.FIXED_PARENT); }
    public boolean sensitiveDataOrigin() { return has(Bit.SENSITIVE_DATA_ORIGIN); }
    public boolean userWithAuth() { return has(Bit.USER_WITH_AUTH); }
    public boolean adminWithPolicy() { return has(Bit.ADMIN_WITH_POLICY); }
    public boolean noDA() { return has(Bit.NO_DA); }
    public boolean encryptedDuplication() { return has(Bit.ENCRYPTED_DUPLICATION); }
    public boolean restricted() { return has(Bit.RESTRICTED); }
    public boolean decrypt() { return has(Bit.DECRYPT); }
    /** The sign/encrypt bit: sign for asymmetric keys. */
    public boolean sign() { return has(Bit.SIGN_ENCRYPT); }
    /** The sign/encrypt bit under its symmetric-key name. */
    public boolean encrypt() { return has(Bit.SIGN_ENCRYPT); }
    public boolean x509sign() { return has(Bit.X509_SIGN); }

    @Override
    public String toString() {
        return String.format("ObjectAttributes[0x%08x %s]", value, bits());
    }
}
