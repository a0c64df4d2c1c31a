package io.edgeprov.sim.device.tls;

import io.edgeprov.sim.tpm.DeviceTpm;
import io.edgeprov.sim.tpm.TpmKeyHandle;
import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECParameterSpec;
import java.util.Objects;

/**
 * An opaque handle to an ECC P-256 key inside a {@link DeviceTpm}: it carries the curve (so JSSE
 * can pick the matching TLS signature scheme) but no scalar, and it has no encoding. Only
 * {@link TpmKeyProvider}'s signature accepts it.
 */
public final class TpmPrivateKey implements PrivateKey, ECKey {
    private static final long serialVersionUID = 1L;

    private final transient DeviceTpm tpm;
    private final transient TpmKeyHandle handle;
    private final transient ECParameterSpec params;

    public TpmPrivateKey(DeviceTpm tpm, TpmKeyHandle handle, ECPublicKey publicKey) {
        this.tpm = Objects.requireNonNull(tpm, "tpm");
        this.handle = Objects.requireNonNull(handle, "handle");
        this.params = Objects.requireNonNull(publicKey, "publicKey").getParams();
    }

    DeviceTpm tpm() {
        return tpm;
    }

    TpmKeyHandle handle() {
        return handle;
    }

    @Override
    public ECParameterSpec getParams() {
        return params;
    }

    @Override
    public String getAlgorithm() {
        return "EC";
    }

    /** No format: the key material never leaves the TPM. */
    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public String toString() {
        return "TpmPrivateKey[" + handle.id() + "]";
    }
}
