package io.edgeprov.contracts.device;

import java.util.Arrays;
import java.util.Objects;

/**
 * A fresh TPM device key offered in a renewal, certified by the AK: the three values travel
 * together or not at all, which this record makes impossible to get wrong.
 *
 * @param deviceKeyPublic  TPM2B_PUBLIC, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param certifyInfo      TPMS_ATTEST, at most {@value WireLimits#ATTEST_MAX} bytes
 * @param certifySignature TPMT_SIGNATURE, at most {@value WireLimits#SIGNATURE_MAX} bytes
 */
public record NewDeviceKey(byte[] deviceKeyPublic, byte[] certifyInfo, byte[] certifySignature) {

    public NewDeviceKey {
        deviceKeyPublic = Require.bytes("deviceKeyPublic", deviceKeyPublic, WireLimits.TPM2B_PUBLIC_MAX);
        certifyInfo = Require.bytes("certifyInfo", certifyInfo, WireLimits.ATTEST_MAX);
        certifySignature = Require.bytes("certifySignature", certifySignature, WireLimits.SIGNATURE_MAX);
    }

    @Override
    public byte[] deviceKeyPublic() {
        return deviceKeyPublic.clone();
    }

    @Override
    public byte[] certifyInfo() {
        return certifyInfo.clone();
    }

    @Override
    public byte[] certifySignature() {
        return certifySignature.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NewDeviceKey other
                && Arrays.equals(deviceKeyPublic, other.deviceKeyPublic)
                && Arrays.equals(certifyInfo, other.certifyInfo)
                && Arrays.equals(certifySignature, other.certifySignature);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(deviceKeyPublic), Arrays.hashCode(certifyInfo), Arrays.hashCode(certifySignature));
    }

    @Override
    public String toString() {
        return "NewDeviceKey[deviceKeyPublic=" + Require.size(deviceKeyPublic) + ", certifyInfo="
                + Require.size(certifyInfo) + ", certifySignature=" + Require.size(certifySignature) + "]";
    }
}
