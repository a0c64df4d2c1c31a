package io.edgeprov.pki;

import java.security.PrivateKey;
import java.security.interfaces.ECKey;
import java.security.spec.ECParameterSpec;

/** A key whose private value stays in a token or a TPM: no encoding, no scalar. */
public record HardwareKey(ECParameterSpec params) implements PrivateKey, ECKey {
    @Override
    public String getAlgorithm() {
        return "EC";
    }

    @Override
    public String getFormat() {
        return null;
    }

    @Override
    public byte[] getEncoded() {
        return null;
    }

    @Override
    public ECParameterSpec getParams() {
        return params;
    }
}
