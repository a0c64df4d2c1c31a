package io.edgeprov.sim.device;

import io.edgeprov.sim.tpm.CertifyResult;
import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import io.edgeprov.sim.tpm.TpmOperationException;
import java.security.KeyPair;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Delegates to a real TPM and counts TPM2_Sign calls, so tests can see the TPM did the signing. */
final class CountingTpm implements DeviceTpm {
    private final DeviceTpm delegate;
    final AtomicInteger signatures = new AtomicInteger();

    CountingTpm(DeviceTpm delegate) {
        this.delegate = delegate;
    }

    @Override
    public byte[] endorsementKeyPublic() {
        return delegate.endorsementKeyPublic();
    }

    @Override
    public Optional<byte[]> endorsementKeyCertificate() {
        return delegate.endorsementKeyCertificate();
    }

    @Override
    public byte[] attestationKeyPublic() {
        return delegate.attestationKeyPublic();
    }

    @Override
    public byte[] activateCredential(byte[] credentialBlob, byte[] encryptedSecret) throws TpmOperationException {
        return delegate.activateCredential(credentialBlob, encryptedSecret);
    }

    @Override
    public TpmKeyHandle createDeviceKey() throws TpmOperationException {
        return delegate.createDeviceKey();
    }

    @Override
    public byte[] publicArea(TpmKeyHandle key) throws TpmOperationException {
        return delegate.publicArea(key);
    }

    @Override
    public CertifyResult certify(TpmKeyHandle key, byte[] qualifyingData) throws TpmOperationException {
        return delegate.certify(key, qualifyingData);
    }

    @Override
    public byte[] signSha256(TpmKeyHandle key, byte[] message) throws TpmOperationException {
        signatures.incrementAndGet();
        return delegate.signSha256(key, message);
    }

    @Override
    public TpmKeyHandle importExternalKey(KeyPair keyPair) throws TpmOperationException {
        return delegate.importExternalKey(keyPair);
    }

    @Override
    public void close() {
        delegate.close();
    }
}
