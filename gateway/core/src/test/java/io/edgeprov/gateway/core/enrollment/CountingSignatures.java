package io.edgeprov.gateway.core.enrollment;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.SignatureSpi;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A JCA provider that verifies ECDSA with BouncyCastle and remembers what each verification covered, so a
 * test can count how often one message (a CSR's body) was verified.
 */
final class CountingSignatures extends Provider {
    private static final long serialVersionUID = 1L;
    private static final Provider BC = new BouncyCastleProvider();

    private final transient List<byte[]> verified = new ArrayList<>();

    CountingSignatures() {
        super("CountingSignatures", "1", "ECDSA verification that records what it verified");
        for (String algorithm : List.of("SHA256withECDSA", "SHA384withECDSA")) {
            putService(new Service(this, "Signature", algorithm, Spi.class.getName(), null, null) {
                @Override
                public Object newInstance(Object constructorParameter) throws NoSuchAlgorithmException {
                    return new Spi(Signature.getInstance(algorithm, BC));
                }
            });
        }
    }

    /** How many verifications covered exactly {@code message}. */
    synchronized long verificationsOf(byte[] message) {
        return verified.stream().filter(data -> Arrays.equals(data, message)).count();
    }

    synchronized int verifications() {
        return verified.size();
    }

    private synchronized void record(byte[] data) {
        verified.add(data);
    }

    private final class Spi extends SignatureSpi {
        private final Signature delegate;
        private final java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();

        Spi(Signature delegate) {
            this.delegate = delegate;
        }

        @Override
        protected void engineInitVerify(PublicKey publicKey) throws InvalidKeyException {
            data.reset();
            delegate.initVerify(publicKey);
        }

        @Override
        protected void engineInitSign(PrivateKey privateKey) throws InvalidKeyException {
            throw new InvalidKeyException("verification only");
        }

        @Override
        protected void engineUpdate(byte b) throws SignatureException {
            data.write(b);
            delegate.update(b);
        }

        @Override
        protected void engineUpdate(byte[] b, int off, int len) throws SignatureException {
            data.write(b, off, len);
            delegate.update(b, off, len);
        }

        @Override
        protected byte[] engineSign() throws SignatureException {
            throw new SignatureException("verification only");
        }

        @Override
        protected boolean engineVerify(byte[] sigBytes) throws SignatureException {
            record(data.toByteArray());
            return delegate.verify(sigBytes);
        }

        @Override
        @Deprecated
        protected void engineSetParameter(String param, Object value) {
            throw new UnsupportedOperationException();
        }

        @Override
        @Deprecated
        protected Object engineGetParameter(String param) {
            throw new UnsupportedOperationException();
        }
    }
}
