package io.edgeprov.tests.tpm;

import io.edgeprov.pki.tpm.AttestationFailure;
import io.edgeprov.pki.tpm.Attested;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmsAttest;
import java.nio.ByteBuffer;
import java.util.function.ToIntFunction;

/**
 * One flipped byte in TPM2_Certify output and the cause the evidence checks must give. The AK's
 * signature covers every TPMS_ATTEST byte and is checked first, so any change to the signed
 * bytes is SIGNATURE_INVALID; damage to the TPMT_SIGNATURE's own header makes it unreadable.
 */
enum Tamper {
    ATTEST_MAGIC(true, bytes -> 0, AttestationFailure.SIGNATURE_INVALID),
    ATTEST_TYPE(true, bytes -> 5, AttestationFailure.SIGNATURE_INVALID),
    ATTEST_QUALIFIED_SIGNER(true, bytes -> 6 + 2 + 5, AttestationFailure.SIGNATURE_INVALID),
    ATTEST_EXTRA_DATA(true, Tamper::firstExtraDataByte, AttestationFailure.SIGNATURE_INVALID),
    ATTEST_CERTIFIED_NAME(true, Tamper::lastCertifiedNameByte, AttestationFailure.SIGNATURE_INVALID),
    SIGNATURE_ALGORITHM(false, bytes -> 1, AttestationFailure.SIGNATURE_MALFORMED),
    SIGNATURE_HASH_ALGORITHM(false, bytes -> 3, AttestationFailure.SIGNATURE_MALFORMED),
    SIGNATURE_R(false, bytes -> 6 + 7, AttestationFailure.SIGNATURE_INVALID),
    SIGNATURE_S(false, bytes -> bytes.length - 1, AttestationFailure.SIGNATURE_INVALID);

    private final boolean inAttestation;
    private final ToIntFunction<byte[]> offset;
    private final AttestationFailure expected;

    Tamper(boolean inAttestation, ToIntFunction<byte[]> offset, AttestationFailure expected) {
        this.inAttestation = inAttestation;
        this.offset = offset;
        this.expected = expected;
    }

    boolean inAttestation() {
        return inAttestation;
    }

    AttestationFailure expected() {
        return expected;
    }

    /** A copy of {@code bytes} with the targeted byte's lowest bit flipped. */
    byte[] apply(byte[] bytes) {
        byte[] tampered = bytes.clone();
        tampered[offset.applyAsInt(bytes)] ^= 0x01;
        return tampered;
    }

    private static int firstExtraDataByte(byte[] attest) {
        int qualifiedSigner = Short.toUnsignedInt(ByteBuffer.wrap(attest).getShort(6));
        return 6 + 2 + qualifiedSigner + 2;
    }

    /** The certified Name is followed by the qualified Name, the structure's last field. */
    private static int lastCertifiedNameByte(byte[] attest) {
        try {
            Attested.Certify certify = (Attested.Certify) TpmsAttest.unmarshal(attest).attested();
            return attest.length - (2 + certify.qualifiedName().bytes().length) - 1;
        } catch (TpmFormatException e) {
            throw new IllegalArgumentException("not a certify attestation", e);
        }
    }
}
