package io.edgeprov.sim.device;

import io.edgeprov.contracts.device.DeviceId;
import io.edgeprov.pki.tpm.TpmFormatException;
import io.edgeprov.pki.tpm.TpmPublic;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.security.PublicKey;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.DefaultSignatureAlgorithmIdentifierFinder;
import org.bouncycastle.pkcs.PKCS10CertificationRequestBuilder;

/**
 * A PKCS#10 request for a key inside the TPM: the public key comes from the key's TPM2B_PUBLIC
 * and the request is signed by TPM2_Sign, so the private key is never needed outside the TPM.
 */
public final class DeviceCsr {
    private static final AlgorithmIdentifier ECDSA_SHA256 =
            new DefaultSignatureAlgorithmIdentifierFinder().find("SHA256withECDSA");

    private DeviceCsr() {
    }

    /** The DER request for {@code key}, subject CN = device id (the gateway names the certificate itself). */
    public static byte[] build(DeviceTpm tpm, TpmKeyHandle key, DeviceId deviceId) throws TpmOperationException {
        PublicKey publicKey = publicKey(tpm, key);
        X500Name subject = new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, deviceId.value()).build();
        PKCS10CertificationRequestBuilder builder = new PKCS10CertificationRequestBuilder(subject,
                SubjectPublicKeyInfo.getInstance(publicKey.getEncoded()));
        TpmContentSigner signer = new TpmContentSigner(tpm, key);
        try {
            return builder.build(signer).getEncoded();
        } catch (TpmSigningFailed e) {
            throw e.cause;
        } catch (IOException e) {
            throw new IllegalStateException("cannot DER-encode a PKCS#10 request", e);
        }
    }

    /** The key's public key as JCA reads it from its TPM2B_PUBLIC. */
    public static PublicKey publicKey(DeviceTpm tpm, TpmKeyHandle key) throws TpmOperationException {
        try {
            return TpmPublic.unmarshalTpm2b(tpm.publicArea(key)).toPublicKey();
        } catch (TpmFormatException e) {
            throw new TpmOperationException("the TPM returned an unusable public area for " + key.id(), e);
        }
    }

    /** Carries a TPM failure through BouncyCastle's signer interface, which has no checked exception. */
    private static final class TpmSigningFailed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient TpmOperationException cause;

        TpmSigningFailed(TpmOperationException cause) {
            super(cause.getMessage(), cause);
            this.cause = cause;
        }
    }

    /** BouncyCastle's signing seam, backed by TPM2_Sign. */
    private static final class TpmContentSigner implements ContentSigner {
        private final DeviceTpm tpm;
        private final TpmKeyHandle key;
        private final ByteArrayOutputStream body = new ByteArrayOutputStream();

        TpmContentSigner(DeviceTpm tpm, TpmKeyHandle key) {
            this.tpm = tpm;
            this.key = key;
        }

        @Override
        public AlgorithmIdentifier getAlgorithmIdentifier() {
            return ECDSA_SHA256;
        }

        @Override
        public OutputStream getOutputStream() {
            return body;
        }

        @Override
        public byte[] getSignature() {
            try {
                return tpm.signSha256(key, body.toByteArray());
            } catch (TpmOperationException e) {
                throw new TpmSigningFailed(e);
            }
        }
    }
}
