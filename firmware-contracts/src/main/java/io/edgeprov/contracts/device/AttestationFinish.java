package io.edgeprov.contracts.device;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Device to gateway, step 2: proof that the TPM activated the credential, a device key
 * certified by the AK, and a CSR signed by that key. See {@link AttestationProofs} for how
 * {@code secretProof} and the TPM2_Certify qualifying data are computed.
 *
 * @param clientToken      echoed in the reply
 * @param challengeId      from the {@link Challenge}
 * @param secretProof      HMAC-SHA256(activated secret, UTF-8(challengeId)), exactly 32 bytes
 * @param certifyInfo      TPMS_ATTEST from TPM2_Certify, at most {@value WireLimits#ATTEST_MAX} bytes
 * @param certifySignature TPMT_SIGNATURE by the AK, at most {@value WireLimits#SIGNATURE_MAX} bytes
 * @param deviceKeyPublic  TPM2B_PUBLIC of the device key, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param csr              PKCS#10 DER signed by the device key, at most {@value WireLimits#CSR_MAX} bytes
 * @param deviceId         the device's own id: required on CoAP, where no topic names the device
 *                         ({@link CoapPaths#requiresDeviceId}); optional on MQTT, where it must equal the topic's
 */
public record AttestationFinish(ClientToken clientToken, ChallengeId challengeId, byte[] secretProof,
                                byte[] certifyInfo, byte[] certifySignature, byte[] deviceKeyPublic,
                                byte[] csr, Optional<DeviceId> deviceId) implements DeviceMessage {

    public AttestationFinish {
        Require.deviceToken("clientToken", clientToken);
        Require.present("challengeId", challengeId);
        secretProof = Require.exactBytes("secretProof", secretProof, WireLimits.SECRET_PROOF_LENGTH);
        certifyInfo = Require.bytes("certifyInfo", certifyInfo, WireLimits.ATTEST_MAX);
        certifySignature = Require.bytes("certifySignature", certifySignature, WireLimits.SIGNATURE_MAX);
        deviceKeyPublic = Require.bytes("deviceKeyPublic", deviceKeyPublic, WireLimits.TPM2B_PUBLIC_MAX);
        csr = Require.bytes("csr", csr, WireLimits.CSR_MAX);
        Require.present("deviceId", deviceId);
    }

    /** A finish without a device id, as MQTT devices send it: the topic names the device. */
    public AttestationFinish(ClientToken clientToken, ChallengeId challengeId, byte[] secretProof, byte[] certifyInfo,
                             byte[] certifySignature, byte[] deviceKeyPublic, byte[] csr) {
        this(clientToken, challengeId, secretProof, certifyInfo, certifySignature, deviceKeyPublic, csr,
                Optional.empty());
    }

    @Override
    public MessageType type() {
        return MessageType.ATTESTATION_FINISH;
    }

    @Override
    public byte[] secretProof() {
        return secretProof.clone();
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
    public byte[] deviceKeyPublic() {
        return deviceKeyPublic.clone();
    }

    @Override
    public byte[] csr() {
        return csr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationFinish other
                && clientToken.equals(other.clientToken)
                && challengeId.equals(other.challengeId)
                && Arrays.equals(secretProof, other.secretProof)
                && Arrays.equals(certifyInfo, other.certifyInfo)
                && Arrays.equals(certifySignature, other.certifySignature)
                && Arrays.equals(deviceKeyPublic, other.deviceKeyPublic)
                && Arrays.equals(csr, other.csr)
                && deviceId.equals(other.deviceId);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, challengeId, Arrays.hashCode(secretProof), Arrays.hashCode(certifyInfo),
                Arrays.hashCode(certifySignature), Arrays.hashCode(deviceKeyPublic), Arrays.hashCode(csr), deviceId);
    }

    @Override
    public String toString() {
        return "AttestationFinish[challengeId=" + challengeId + ", secretProof=" + Require.size(secretProof)
                + ", certifyInfo=" + Require.size(certifyInfo) + ", certifySignature=" + Require.size(certifySignature)
                + ", deviceKeyPublic=" + Require.size(deviceKeyPublic) + ", csr=" + Require.size(csr)
                + ", deviceId=" + Require.id(deviceId) + "]";
    }
}
