package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** TPMS_PCR_SELECTION: a hash bank and the bitmap of selected PCRs in it. */
public record PcrSelection(TpmAlgorithm hash, byte[] pcrSelect) {

    /** Largest select bitmap accepted (PCR_SELECT_MAX for a 64-PCR TPM). */
    public static final int MAX_SELECT_BYTES = 8;

    public PcrSelection {
        Objects.requireNonNull(hash, "hash");
        pcrSelect = pcrSelect.clone();
        if (!hash.isHash() || pcrSelect.length > MAX_SELECT_BYTES) {
            throw new IllegalArgumentException("TPMS_PCR_SELECTION: bad hash or " + pcrSelect.length + "-byte bitmap");
        }
    }

    @Override
    public byte[] pcrSelect() {
        return pcrSelect.clone();
    }

    static PcrSelection read(TpmReader r, String field) throws TpmFormatException {
        TpmAlgorithm hash = r.hashAlgorithm(field + ".hash");
        int n = r.u8(field + ".sizeofSelect");
        if (n > MAX_SELECT_BYTES) {
            throw new TpmFormatException(field + ".sizeofSelect", "size " + n + " exceeds " + MAX_SELECT_BYTES);
        }
        return new PcrSelection(hash, r.bytes(n, field + ".pcrSelect"));
    }

    void write(TpmWriter w) {
        w.algorithm(hash).u8(pcrSelect.length).bytes(pcrSelect);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PcrSelection p && hash == p.hash && Arrays.equals(pcrSelect, p.pcrSelect);
    }

    @Override
    public int hashCode() {
        return 31 * hash.hashCode() + Arrays.hashCode(pcrSelect);
    }

    @Override
    public String toString() {
        return "PcrSelection[" + hash + " " + HexFormat.of().formatHex(pcrSelect) + "]";
    }
}
