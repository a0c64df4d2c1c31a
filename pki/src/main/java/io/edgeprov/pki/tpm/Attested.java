package io.edgeprov.pki.tpm;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/** TPMU_ATTEST for the two attestation types this package reads. */
public sealed interface Attested permits Attested.Certify, Attested.Quote {

    /** The TPM_ST tag of this kind of attestation. */
    int tag();

    /** TPMS_CERTIFY_INFO: the Name and qualified Name of the certified object. */
    record Certify(TpmName name, TpmName qualifiedName) implements Attested {
        public Certify {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(qualifiedName, "qualifiedName");
        }

        @Override
        public int tag() {
            return TpmsAttest.TPM_ST_ATTEST_CERTIFY;
        }
    }

    /** TPMS_QUOTE_INFO: the selected PCRs and the digest of their values. */
    record Quote(List<PcrSelection> pcrSelect, byte[] pcrDigest) implements Attested {
        /** Largest TPML_PCR_SELECTION count accepted (HASH_COUNT). */
        public static final int MAX_SELECTIONS = 16;

        public Quote {
            pcrSelect = List.copyOf(pcrSelect);
            pcrDigest = pcrDigest.clone();
            if (pcrSelect.size() > MAX_SELECTIONS || pcrDigest.length > 64) {
                throw new IllegalArgumentException("TPMS_QUOTE_INFO: too many selections or digest too long");
            }
        }

        @Override
        public byte[] pcrDigest() {
            return pcrDigest.clone();
        }

        @Override
        public int tag() {
            return TpmsAttest.TPM_ST_ATTEST_QUOTE;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Quote q && pcrSelect.equals(q.pcrSelect) && Arrays.equals(pcrDigest, q.pcrDigest);
        }

        @Override
        public int hashCode() {
            return 31 * pcrSelect.hashCode() + Arrays.hashCode(pcrDigest);
        }

        @Override
        public String toString() {
            return "Quote[" + pcrSelect + ", pcrDigest=" + HexFormat.of().formatHex(pcrDigest) + "]";
        }
    }
}
