package io.edgeprov.pki.keys;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.operator.RuntimeOperatorException;

/**
 * A ContentSigner that keeps the bytes to sign and hands them over in one piece, so that a
 * signature that fails on a broken token session can be made again from the same input.
 * To-be-signed certificates and CRLs are small enough to buffer.
 */
final class BufferingContentSigner implements ContentSigner {

    /** Signs a whole message at once. */
    @FunctionalInterface
    interface WholeMessageSigner {
        byte[] sign(String algorithm, byte[] data) throws CaKeyStoreException;
    }

    private final String algorithm;
    private final AlgorithmIdentifier algorithmIdentifier;
    private final WholeMessageSigner signer;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream(512);

    BufferingContentSigner(String algorithm, WholeMessageSigner signer) {
        this.algorithm = algorithm;
        this.algorithmIdentifier = new DefaultSignatureAlgorithmIdentifierFinder().find(algorithm);
        this.signer = signer;
    }

    @Override
    public AlgorithmIdentifier getAlgorithmIdentifier() {
        return algorithmIdentifier;
    }

    @Override
    public OutputStream getOutputStream() {
        return buffer;
    }

    @Override
    public byte[] getSignature() {
        try {
            return signer.sign(algorithm, buffer.toByteArray());
        } catch (CaKeyStoreException e) {
            // ContentSigner cannot throw checked exceptions; BouncyCastle's own unchecked one keeps the cause.
            throw new RuntimeOperatorException(e.getMessage(), e);
        } finally {
            buffer.reset();
        }
    }
}
