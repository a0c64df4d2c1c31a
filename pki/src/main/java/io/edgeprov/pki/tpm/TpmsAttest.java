package io.edgeprov.pki.tpm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * TPMS_ATTEST (TPM 2.0 Part 2, 10.12.12) for certify and quote: what a TPM signs with an AK.
 * Parsing checks the TPM_GENERATED magic, which is what stops a TPM key signing a forged
 * attestation through TPM2_Sign.
 */
public record TpmsAttest(byte[] qualifiedSigner, byte[] extraData, TpmsClockInfo clockInfo, long firmwareVersion, Attested attested) {

    public static final int TPM_GENERATED_VALUE = 0xff544347;
    public static final int TPM_ST_ATTEST_CERTIFY = 0x8017;
    public static final int TPM_ST_ATTEST_QUOTE = 0x8018;
    /** Largest TPM2B_DATA (sizeof(TPMT_HA) with SHA-512). */
    public static final int MAX_EXTRA_DATA = 66;
    /** Largest TPMS_ATTEST read: header plus a quote with every selection and digest at their maxima. */
    public static final int MAX_MARSHALLED_SIZE = 4 + 2 + (2 + TpmName.MAX_BYTES) + (2 + MAX_EXTRA_DATA) + 17 + 8
            + 4 + Attested.Quote.MAX_SELECTIONS * (3 + PcrSelection.MAX_SELECT_BYTES) + 2 + 64;

    public TpmsAttest {
        qualifiedSigner = qualifiedSigner.clone();
        extraData = extraData.clone();
        Objects.requireNonNull(clockInfo, "clockInfo");
        Objects.requireNonNull(attested, "attested");
        if (qualifiedSigner.length > TpmName.MAX_BYTES) {
            throw new IllegalArgumentException("TPMS_ATTEST.qualifiedSigner: size " + qualifiedSigner.length + " exceeds " + TpmName.MAX_BYTES);
        }
        if (extraData.length > MAX_EXTRA_DATA) {
            throw new IllegalArgumentException("TPMS_ATTEST.extraData: size " + extraData.length + " exceeds " + MAX_EXTRA_DATA);
        }
    }

    /** The TPM_ST attestation type (certify or quote). */
    public int type() {
        return attested.tag();
    }

    @Override
    public byte[] qualifiedSigner() {
        return qualifiedSigner.clone();
    }

    @Override
    public byte[] extraData() {
        return extraData.clone();
    }

    /** Parses a TPMS_ATTEST as TPM2_Certify/TPM2_Quote return it inside TPM2B_ATTEST (without the size). */
    public static TpmsAttest unmarshal(byte[] bytes) throws TpmFormatException {
        if (bytes.length > MAX_MARSHALLED_SIZE) {
            throw new TpmFormatException("TPMS_ATTEST", "size " + bytes.length + " exceeds " + MAX_MARSHALLED_SIZE);
        }
        TpmReader r = TpmReader.of(bytes);
        int magic = r.u32("TPMS_ATTEST.magic");
        if (magic != TPM_GENERATED_VALUE) {
            throw new TpmFormatException("TPMS_ATTEST.magic", String.format("0x%08x is not TPM_GENERATED", magic));
        }
        int type = r.u16("TPMS_ATTEST.type");
        if (type != TPM_ST_ATTEST_CERTIFY && type != TPM_ST_ATTEST_QUOTE) {
            throw new TpmFormatException("TPMS_ATTEST.type", String.format("0x%04x is not ATTEST_CERTIFY or ATTEST_QUOTE", type));
        }
        byte[] signer = r.tpm2b("TPMS_ATTEST.qualifiedSigner", TpmName.MAX_BYTES);
        byte[] extra = r.tpm2b("TPMS_ATTEST.extraData", MAX_EXTRA_DATA);
        TpmsClockInfo clock = TpmsClockInfo.read(r, "TPMS_ATTEST.clockInfo");
        long fw = r.u64("TPMS_ATTEST.firmwareVersion");
        Attested attested;
        if (type == TPM_ST_ATTEST_CERTIFY) {
            TpmName name = TpmName.read(r, "TPMS_ATTEST.attested.certify.name");
            TpmName qualified = TpmName.read(r, "TPMS_ATTEST.attested.certify.qualifiedName");
            attested = new Attested.Certify(name, qualified);
        } else {
            int count = r.u32("TPMS_ATTEST.attested.quote.pcrSelect.count");
            if (count < 0 || count > Attested.Quote.MAX_SELECTIONS) {
                throw new TpmFormatException("TPMS_ATTEST.attested.quote.pcrSelect.count",
                        "count " + Integer.toUnsignedString(count) + " exceeds " + Attested.Quote.MAX_SELECTIONS);
            }
            List<PcrSelection> selections = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                selections.add(PcrSelection.read(r, "TPMS_ATTEST.attested.quote.pcrSelect[" + i + "]"));
            }
            byte[] digest = r.tpm2b("TPMS_ATTEST.attested.quote.pcrDigest", 64);
            attested = new Attested.Quote(selections, digest);
        }
        r.expectEnd("TPMS_ATTEST");
        return new TpmsAttest(signer, extra, clock, fw, attested);
    }

    /** The marshalled TPMS_ATTEST: the bytes an AK signs. */
    public byte[] marshal() {
        TpmWriter w = new TpmWriter().u32(TPM_GENERATED_VALUE).u16(type()).tpm2b(qualifiedSigner).tpm2b(extraData);
        clockInfo.write(w);
        w.u64(firmwareVersion);
        if (attested instanceof Attested.Certify c) {
            w.tpm2b(c.name().bytes()).tpm2b(c.qualifiedName().bytes());
        } else {
            Attested.Quote q = (Attested.Quote) attested;
            w.u32(q.pcrSelect().size());
            for (PcrSelection s : q.pcrSelect()) {
                s.write(w);
            }
            w.tpm2b(q.pcrDigest());
        }
        return w.toByteArray();
    }

    /** A builder for a certify attestation, as a software TPM produces one. */
    public static CertifyBuilder certify(TpmName certifiedName) {
        return new CertifyBuilder(certifiedName);
    }

    /** Builds a TPM_ST_ATTEST_CERTIFY structure; the qualified Name defaults to the Name. */
    public static final class CertifyBuilder {
        private final TpmName name;
        private TpmName qualifiedName;
        private byte[] qualifiedSigner = new byte[0];
        private byte[] extraData = new byte[0];
        private TpmsClockInfo clockInfo = new TpmsClockInfo(0, 0, 0, true);
        private long firmwareVersion;

        private CertifyBuilder(TpmName name) {
            this.name = Objects.requireNonNull(name, "name");
            this.qualifiedName = name;
        }

        public CertifyBuilder qualifiedName(TpmName qualified) {
            this.qualifiedName = Objects.requireNonNull(qualified, "qualifiedName");
            return this;
        }

        /** The signing key's qualified Name (TPM2B_NAME contents). */
        public CertifyBuilder qualifiedSigner(byte[] signer) {
            this.qualifiedSigner = signer.clone();
            return this;
        }

        /** The caller's qualifying data (the challenge-bound nonce). */
        public CertifyBuilder extraData(byte[] data) {
            this.extraData = data.clone();
            return this;
        }

        public CertifyBuilder clockInfo(TpmsClockInfo info) {
            this.clockInfo = Objects.requireNonNull(info, "clockInfo");
            return this;
        }

        public CertifyBuilder firmwareVersion(long version) {
            this.firmwareVersion = version;
            return this;
        }

        public TpmsAttest build() {
            return new TpmsAttest(qualifiedSigner, extraData, clockInfo, firmwareVersion, new Attested.Certify(name, qualifiedName));
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TpmsAttest a && Arrays.equals(qualifiedSigner, a.qualifiedSigner) && Arrays.equals(extraData, a.extraData)
                && clockInfo.equals(a.clockInfo) && firmwareVersion == a.firmwareVersion && attested.equals(a.attested);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(qualifiedSigner), Arrays.hashCode(extraData), clockInfo, firmwareVersion, attested);
    }

    @Override
    public String toString() {
        return "TpmsAttest[" + String.format("0x%04x", type()) + ", qualifiedSigner=" + HexFormat.of().formatHex(qualifiedSigner)
                + ", extraData=" + HexFormat.of().formatHex(extraData) + ", " + clockInfo + ", fw=" + firmwareVersion + ", " + attested + "]";
    }
}
