package io.edgeprov.pki.tpm;

/** TPMS_CLOCK_INFO: the TPM's clock and reset counters at the time of an attestation. */
public record TpmsClockInfo(long clock, int resetCount, int restartCount, boolean safe) {

    static TpmsClockInfo read(TpmReader r, String field) throws TpmFormatException {
        long clock = r.u64(field + ".clock");
        int reset = r.u32(field + ".resetCount");
        int restart = r.u32(field + ".restartCount");
        int safe = r.u8(field + ".safe");
        if (safe > 1) {
            throw new TpmFormatException(field + ".safe", "TPMI_YES_NO value " + safe);
        }
        return new TpmsClockInfo(clock, reset, restart, safe == 1);
    }

    void write(TpmWriter w) {
        w.u64(clock).u32(resetCount).u32(restartCount).u8(safe ? 1 : 0);
    }
}
