package io.edgeprov.contracts.device;

/**
 * Size bounds of every field in contract v1, in bytes unless named otherwise. Firmware can
 * size its buffers from these; the gateway refuses anything larger before it allocates.
 */
public final class WireLimits {

    /** Whole encoded message, checked before parsing; the largest valid message fits in it. */
    public static final int MESSAGE_MAX = 64 * 1024;
    /** Device ids, client tokens and challenge ids, in ASCII characters. */
    public static final int ID_MAX_CHARS = 64;
    /** TPM2B_PUBLIC areas (EK, AK, device key). */
    public static final int TPM2B_PUBLIC_MAX = 2048;
    /** TPM2B_ID_OBJECT from MakeCredential. */
    public static final int ID_OBJECT_MAX = 512;
    /** TPM2B_ENCRYPTED_SECRET from MakeCredential (RSA-4096 needs 512 plus header). */
    public static final int ENCRYPTED_SECRET_MAX = 1024;
    /** TPMS_ATTEST produced by TPM2_Certify. */
    public static final int ATTEST_MAX = 1024;
    /** TPMT_SIGNATURE over the TPMS_ATTEST. */
    public static final int SIGNATURE_MAX = 1024;
    /** HMAC-SHA256 output: the secret proof has exactly this length. */
    public static final int SECRET_PROOF_LENGTH = 32;
    /** PKCS#10 certification request, DER. */
    public static final int CSR_MAX = 4096;
    /** One X.509 certificate (device, CA or EK), DER. */
    public static final int CERTIFICATE_MAX = 8192;
    /** CA certificates in a credential bundle's chain. */
    public static final int CHAIN_MAX_ENTRIES = 4;
    /**
     * Intermediate CA certificates a device may send with its EK certificate: the TPM's own EK chain (TCG NV
     * range 0x01c00100..) plus the vendor's published intermediates; Intel PTT needs five to reach its root.
     */
    public static final int EK_CHAIN_MAX_ENTRIES = 5;
    /** All EK chain certificates together, DER bytes; keeps the largest begin well inside {@link #MESSAGE_MAX}. */
    public static final int EK_CHAIN_MAX_TOTAL = 24 * 1024;
    /** Certificate serial as lowercase hex: 20 octets at most (RFC 5280 4.1.2.2). */
    public static final int SERIAL_MAX_HEX_CHARS = 40;
    /** Rejection reason text, in UTF-8 bytes. */
    public static final int REASON_TEXT_MAX_BYTES = 256;
    /** Latest timestamp: 9999-12-31T23:59:59Z, the largest X.509 GeneralizedTime. */
    public static final long MAX_EPOCH_SECOND = 253_402_300_799L;
    /** Nesting of arrays and objects, counting the top-level object as 1. */
    public static final int MAX_NESTING_DEPTH = 8;
    /** Unknown top-level fields tolerated (and skipped) in one message. */
    public static final int MAX_UNKNOWN_FIELDS = 16;
    /** Length of any key, in characters. */
    public static final int FIELD_NAME_MAX_CHARS = 64;

    private WireLimits() {
    }
}
