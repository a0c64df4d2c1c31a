package io.edgeprov.sim.device.tls;

import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.ByteArrayOutputStream;
import java.security.InvalidKeyException;
import java.security.InvalidParameterException;
import java.security.Key;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Security;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;

/**
 * SHA256withECDSA whose private-key operation is TPM2_Sign: it buffers the message and hands it to
 * {@code DeviceTpm.signSha256}, which hashes and signs inside the TPM.
 *
 * <p>Every other key (a verification, a software signing key) is passed on to the first other
 * installed provider that accepts it, as JCA's delayed provider selection would. That matters where
 * a caller keeps one {@link Signature} object and initialises it again and again: Scandium keeps one
 * per thread and algorithm, verifies the server's key exchange with it and then signs the client's
 * CertificateVerify with it, and JCA binds such an object to the provider of its first
 * initialisation. With this provider first ({@link TpmKeyProvider#installFirst}), the object is
 * bound here and both operations work.
 */
public final class TpmEcdsaSignature extends SignatureSpi {
    private static final String ALGORITHM = "SHA256withECDSA";
    private final ByteArrayOutputStream message = new ByteArrayOutputStream();
    private TpmPrivateKey key;
    private Signature delegate;

    public TpmEcdsaSignature() {
        // Instantiated reflectively by the provider framework.
    }

    @Override
    protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
        key = null;
        message.reset();
        delegate = null;
        for (Provider p : others()) {
            try {
                Signature s = Signature.getInstance(ALGORITHM, p);
                s.initVerify(publicKey);
                delegate = s;
                return;
            } catch (InvalidKeyException | NoSuchAlgorithmException e) {
                // delayed selection: try the next provider
            }
        }
        throw new InvalidKeyException("no provider verifies " + ALGORITHM + " with a " + describe(publicKey));
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
        engineInitSign(privateKey, null);
    }

    @Override
    protected void engineInitSign(PrivateKey privateKey, SecureRandom random) throws InvalidKeyException {
        message.reset();
        delegate = null;
        key = null;
        if (privateKey instanceof TpmPrivateKey tpmKey) {
            this.key = tpmKey;
            return;
        }
        for (Provider p : others()) {
            try {
                Signature s = Signature.getInstance(ALGORITHM, p);
                if (random == null) {
                    s.initSign(privateKey);
                } else {
                    s.initSign(privateKey, random);
                }
                delegate = s;
                return;
            } catch (InvalidKeyException | NoSuchAlgorithmException e) {
                // delayed selection: try the next provider
            }
        }
        throw new InvalidKeyException("no provider signs " + ALGORITHM + " with a " + describe(privateKey));
    }

    @Override
    protected void engineUpdate(byte b) throws SignatureException {
        if (delegate != null) {
            delegate.update(b);
            return;
        }
        requireSigning();
        message.write(b);
    }

    @Override
    protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
        if (delegate != null) {
            delegate.update(b, off, len);
            return;
        }
        requireSigning();
        message.write(b, off, len);
    }

    @Override
    protected byte[] engineSign() throws SignatureException {
        if (delegate != null) {
            return delegate.sign();
        }
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
        if (delegate != null) {
            return delegate.verify(sigBytes);
        }
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
            throw new SignatureException("not initialised");
        }
    }

    private static Provider[] others() {
        Provider[] all = Security.getProviders("Signature." + ALGORITHM);
        if (all == null) {
            return new Provider[0];
        }
        return java.util.Arrays.stream(all).filter(p -> !TpmKeyProvider.NAME.equals(p.getName())).toArray(Provider[]::new);
    }

    private static String describe(Key k) {
        return k == null ? "missing key" : k.getAlgorithm() + " key (" + k.getClass().getSimpleName() + ")";
    }
}
