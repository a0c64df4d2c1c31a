package io.edgeprov.sim.device.tls;

import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SignatureException;
import java.security.SignatureSpi;

/**
 * SHA256withECDSA whose private-key operation is TPM2_Sign: it buffers the message and hands it to
 * {@code DeviceTpm.signSha256}, which hashes and signs inside the TPM. Signing only; it refuses
 * every key that is not a {@link TpmPrivateKey}, so JSSE's provider search moves on for others.
 */
public final class TpmEcdsaSignature extends SignatureSpi {
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private TpmPrivateKey key;

    public TpmEcdsaSignature() {
        // Instantiated reflectively by the provider framework.
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        throw new InvalidKeyException("a TPM signature only signs; verify with any ECDSA provider");
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        if (!(privateKey instanceof TpmPrivateKey tpmKey)) {
            throw new InvalidKeyException("not a TPM key: " + (privateKey == null ? "none" : privateKey.getClass().getName()));
        }
        this.key = tpmKey;
        message.reset();
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        requireSigning();
        message.write(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        requireSigning();
        message.write(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        requireSigning();
        try {
            return key.tpm().signSha256(key.handle(), message.toByteArray());
        } catch (TpmOperationException e) {
            throw new SignatureException("TPM2_Sign failed: " + e.getMessage(), e);
        } finally {
            message.reset();
        }
    }

    @Override
    protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
        throw new SignatureException("a TPM signature only signs");
    }

    @Override
    @Deprecated
    protected void engineSetParameter(String param, Object value) {
        throw new InvalidParameterException("no parameters");
    }

    @Override
    @Deprecated
    protected Object engineGetParameter(String param) {
        throw new InvalidParameterException("no parameters");
    }

    private void requireSigning() throws SignatureException {
        if (key == null) {
            throw new SignatureException("not initialised for signing");
        }
    }
}
