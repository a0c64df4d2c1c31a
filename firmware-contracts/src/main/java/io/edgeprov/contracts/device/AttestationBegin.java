package io.edgeprov.contracts.device;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Device to gateway, step 1: the TPM's endorsement key, its certificate when the TPM has one,
 * and an attestation key to bind the challenge to.
 *
 * @param clientToken   echoed in the reply
 * @param ekPublic      the EK public area, TPM2B_PUBLIC, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param ekCertificate the EK certificate, DER, at most {@value WireLimits#CERTIFICATE_MAX} bytes
 * @param akPublic      the AK public area, TPM2B_PUBLIC, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param deviceId      the device's own id: required on CoAP, where no topic names the device
 *                      ({@link CoapPaths#requiresDeviceId}); optional on MQTT, where it must equal the topic's
 */
public record AttestationBegin(ClientToken clientToken, byte[] ekPublic, Optional<byte[]> ekCertificate,
                               byte[] akPublic, Optional<DeviceId> deviceId) implements DeviceMessage {

    public AttestationBegin {
        Require.deviceToken("clientToken", clientToken);
        ekPublic = Require.bytes("ekPublic", ekPublic, WireLimits.TPM2B_PUBLIC_MAX);
        ekCertificate = Require.optionalBytes("ekCertificate", ekCertificate, WireLimits.CERTIFICATE_MAX);
        akPublic = Require.bytes("akPublic", akPublic, WireLimits.TPM2B_PUBLIC_MAX);
        Require.present("deviceId", deviceId);
    }

    /** A begin without a device id, as MQTT devices send it: the topic names the device. */
    public AttestationBegin(ClientToken clientToken, byte[] ekPublic, Optional<byte[]> ekCertificate, byte[] akPublic) {
        this(clientToken, ekPublic, ekCertificate, akPublic, Optional.empty());
    }

    @Override
    public MessageType type() {
        return MessageType.ATTESTATION_BEGIN;
    }

    @Override
    public byte[] ekPublic() {
        return ekPublic.clone();
    }

    @Override
    public Optional<byte[]> ekCertificate() {
        return ekCertificate.map(byte[]::clone);
    }

    @Override
    public byte[] akPublic() {
        return akPublic.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationBegin other
                && clientToken.equals(other.clientToken)
                && Arrays.equals(ekPublic, other.ekPublic)
                && Require.equal(ekCertificate, other.ekCertificate)
                && Arrays.equals(akPublic, other.akPublic)
                && deviceId.equals(other.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, Arrays.hashCode(ekPublic), Require.hash(ekCertificate),
                Arrays.hashCode(akPublic), deviceId);
    }

    @Override
    public String toString() {
        return "AttestationBegin[ekPublic=" + Require.size(ekPublic) + ", ekCertificate=" + Require.size(ekCertificate)
                + ", akPublic=" + Require.size(akPublic) + ", deviceId=" + Require.id(deviceId) + "]";
    }
}
