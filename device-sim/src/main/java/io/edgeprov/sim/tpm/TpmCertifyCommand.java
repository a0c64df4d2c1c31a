package io.edgeprov.sim.tpm;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * TPM2_Certify as raw command and response bytes (TPM 2.0 Part 3, 18.2), for tpm2_send.
 *
 * <p>tpm2-tools 5.4's tpm2_certify cannot pass qualifying data, and the gateway's challenge
 * must come back as extraData, so the command is built here; both objects are authorised by
 * empty passwords (TPM_RS_PW), which is how our AK and device keys are made.
 */
final class TpmCertifyCommand {
    private static final short TPM_ST_SESSIONS = (short) 0x8002;
    private static final int TPM_CC_CERTIFY = 0x00000148;
    private static final int TPM_RS_PW = 0x40000009;
    private static final short TPM_ALG_NULL = 0x0010;
    private static final int PASSWORD_SESSION_SIZE = 4 + 2 + 1 + 2;
    private static final int MAX_QUALIFYING_DATA = 64;
    private static final int TPM_RC_YIELDED = 0x00000908;
    private static final int TPM_RC_TESTING = 0x0000090a;
    private static final int TPM_RC_RETRY = 0x00000922;

    private TpmCertifyCommand() {
    }

    /** The command: object {@code keyHandle} certified by {@code signHandle}, with the key's own scheme. */
    static byte[] command(int keyHandle, int signHandle, byte[] qualifyingData) {
        if (qualifyingData.length > MAX_QUALIFYING_DATA) {
            throw new IllegalArgumentException("qualifyingData: " + qualifyingData.length
                    + " bytes, a TPM2B_DATA holds at most " + MAX_QUALIFYING_DATA);
        }
        int size = 2 + 4 + 4 + 4 + 4 + 4 + 2 * PASSWORD_SESSION_SIZE + 2 + qualifyingData.length + 2;
        ByteBuffer b = ByteBuffer.allocate(size);
        b.putShort(TPM_ST_SESSIONS).putInt(size).putInt(TPM_CC_CERTIFY);
        b.putInt(keyHandle).putInt(signHandle);
        b.putInt(2 * PASSWORD_SESSION_SIZE);
        for (int i = 0; i < 2; i++) {
            b.putInt(TPM_RS_PW).putShort((short) 0).put((byte) 0x01).putShort((short) 0);
        }
        b.putShort((short) qualifyingData.length).put(qualifyingData);
        b.putShort(TPM_ALG_NULL);
        return b.array();
    }

    /** Whether the TPM answered "try again" (TPM_RC_RETRY, TPM_RC_YIELDED or TPM_RC_TESTING). */
    static boolean asksToRetry(byte[] response) {
        if (response.length < 10) {
            return false;
        }
        int rc = ByteBuffer.wrap(response).getInt(6);
        return rc == TPM_RC_RETRY || rc == TPM_RC_YIELDED || rc == TPM_RC_TESTING;
    }

    /** The TPMS_ATTEST and TPMT_SIGNATURE from a TPM2_Certify response, or why there are none. */
    static CertifyResult parseResponse(byte[] response) throws TpmOperationException {
        try {
            ByteBuffer b = ByteBuffer.wrap(response);
            b.getShort();
            int size = b.getInt();
            int rc = b.getInt();
            if (rc != 0) {
                throw new TpmOperationException(String.format("TPM2_Certify failed: TPM response code 0x%08x", rc));
            }
            if (size != response.length) {
                throw new TpmOperationException("TPM2_Certify response: header says " + size
                        + " bytes, got " + response.length);
            }
            int parameterSize = b.getInt();
            int parametersStart = b.position();
            byte[] attest = new byte[Short.toUnsignedInt(b.getShort())];
            b.get(attest);
            int signatureLength = parametersStart + parameterSize - b.position();
            if (signatureLength <= 0 || b.position() + signatureLength > response.length) {
                throw new TpmOperationException("TPM2_Certify response: no signature after the attestation");
            }
            byte[] signature = Arrays.copyOfRange(response, b.position(), b.position() + signatureLength);
            return new CertifyResult(attest, signature);
        } catch (BufferUnderflowException | IndexOutOfBoundsException e) {
            throw new TpmOperationException("TPM2_Certify response is truncated (" + response.length + " bytes)", e);
        }
    }
}
