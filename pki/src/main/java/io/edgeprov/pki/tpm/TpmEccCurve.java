package io.edgeprov.pki.tpm;

/** TPM_ECC_CURVE values this package understands, with their JCA names and sizes. */
public enum TpmEccCurve {
    NIST_P256(0x0003, "secp256r1", 32),
    NIST_P384(0x0004, "secp384r1", 48);

    private final int id;
    private final String jcaName;
    private final int keyBytes;

    TpmEccCurve(int id, String jcaName, int keyBytes) {
        this.id = id;
        this.jcaName = jcaName;
        this.keyBytes = keyBytes;
    }

    /** The 16-bit TPM_ECC_CURVE id. */
    public int id() {
        return id;
    }

    /** The JCA / SEC 2 curve name. */
    public String jcaName() {
        return jcaName;
    }

    /** Length of a coordinate or scalar in bytes. */
    public int keyBytes() {
        return keyBytes;
    }

    /** Looks an id up; unknown curves are refused naming the field. */
    public static TpmEccCurve fromId(int id, String field) throws TpmFormatException {
        for (TpmEccCurve c : values()) {
            if (c.id == id) {
                return c;
            }
        }
        throw new TpmFormatException(field, String.format("unknown curve 0x%04x", id));
    }

    /** The curve with this bit length, for turning a Java key into a TPM public area. */
    public static TpmEccCurve fromFieldSize(int bits) {
        for (TpmEccCurve c : values()) {
            if (c.keyBytes * 8 == bits) {
                return c;
            }
        }
        throw new IllegalArgumentException("no supported TPM curve of " + bits + " bits");
    }
}
