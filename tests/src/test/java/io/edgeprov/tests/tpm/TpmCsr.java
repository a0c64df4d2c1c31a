package io.edgeprov.tests.tpm;

import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/** PKCS#10 requests as a device builds them: the body signed by TPM2_Sign, or by a software key to cheat. */
final class TpmCsr {
    private static final AlgorithmIdentifier ECDSA_WITH_SHA256 =
            new AlgorithmIdentifier(new ASN1ObjectIdentifier("1.2.840.10045.4.3.2"));

    private TpmCsr() {
    }

    /** A CSR for the TPM key {@code key}, signed inside the TPM. */
    static byte[] signedInTpm(DeviceTpm tpm, TpmKeyHandle key) throws TpmOperationException, TpmFormatException {
        PublicKey publicKey = TpmPublic.unmarshalTpm2b(tpm.publicArea(key)).toPublicKey();
        try {
            return build(publicKey, new Signer(body -> tpm.signSha256(key, body)));
        } catch (TpmFailure e) {
            throw e.cause;
        }
    }

    /** A CSR naming {@code publicKey} but signed by {@code signingKey}, which may be another key. */
    static byte[] signedInSoftware(PublicKey publicKey, PrivateKey signingKey) {
        return build(publicKey, new Signer(body -> {
            try {
                Signature signature = Signature.getInstance("SHA256withECDSA");
                signature.initSign(signingKey);
                signature.update(body);
                return signature.sign();
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static byte[] build(PublicKey publicKey, ContentSigner signer) {
        try {
            return new PKCS10CertificationRequestBuilder(new X500Name("CN=device-0001"),
                    SubjectPublicKeyInfo.getInstance(publicKey.getEncoded())).build(signer).getEncoded();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode the CSR", e);
        }
    }

    private interface SignFunction {
        byte[] sign(byte[] body) throws TpmOperationException;
    }

    /** Carries a TPM failure out of BouncyCastle's ContentSigner, whose getSignature() cannot throw one. */
    private static final class TpmFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TpmOperationException cause;

        TpmFailure(TpmOperationException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }
    }

    private static final class Signer implements ContentSigner {
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();
        private final SignFunction function;

        Signer(SignFunction function) {
            this.function = function;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return ECDSA_WITH_SHA256;
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public byte[] getSignature() {
            try {
                return function.sign(body.toByteArray());
            } catch (TpmOperationException e) {
                throw new TpmFailure(e);
            }
        }
    }
}
