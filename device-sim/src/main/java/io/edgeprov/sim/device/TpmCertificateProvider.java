package io.edgeprov.sim.device;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.eclipse.californium.scandium.dtls.CertificateIdentityResult;
import org.eclipse.californium.scandium.dtls.CertificateType;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.SignatureAndHashAlgorithm;
import org.eclipse.californium.scandium.dtls.cipher.CipherSuite;
import org.eclipse.californium.scandium.dtls.cipher.XECDHECryptography;
import org.eclipse.californium.scandium.dtls.x509.CertificateProvider;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * The device's DTLS client identity: its certificate chain and the TPM key handle. Scandium's own
 * {@code SingleCertificateProvider} checks the key pair by signing a test message when the connector is
 * configured, which for a TPM key is a TPM2_Sign per session (and a warning, since that check does not
 * go through the TPM provider); the certificate was issued for this key, so there is nothing to check.
 */
final class TpmCertificateProvider implements CertificateProvider {
    private final PrivateKey key;
    private final List<X509Certificate> chain;

    TpmCertificateProvider(PrivateKey key, List<X509Certificate> chain) {
        this.key = key;
        this.chain = List.copyOf(chain);
    }

    @Override
    public List<CipherSuite.CertificateKeyAlgorithm> getSupportedCertificateKeyAlgorithms() {
        return List.of(CipherSuite.CertificateKeyAlgorithm.EC);
    }

    @Override
    public List<CertificateType> getSupportedCertificateTypes() {
        return List.of(CertificateType.X_509);
    }

    @Override
    public CertificateIdentityResult requestCertificateIdentity(ConnectionId cid, boolean client, List<X500Principal> issuers,
            ServerNames serverNames, List<CipherSuite.CertificateKeyAlgorithm> keyAlgorithms,
            List<SignatureAndHashAlgorithm> signatureAndHashAlgorithms, List<XECDHECryptography.SupportedGroup> curves) {
        return new CertificateIdentityResult(cid, key, chain);
    }

    @Override
    public void setResultHandler(HandshakeResultHandler resultHandler) {
        // answered synchronously
    }
}
