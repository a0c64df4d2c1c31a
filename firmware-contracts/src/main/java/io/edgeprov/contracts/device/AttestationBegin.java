package io.edgeprov.contracts.device;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Device to gateway, step 1: the TPM's endorsement key, its certificate (and the CA certificates between
 * it and the manufacturer's root) when the TPM has one, and an attestation key to bind the challenge to.
 *
 * @param clientToken        echoed in the reply
 * @param ekPublic           the EK public area, TPM2B_PUBLIC, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param ekCertificate      the EK certificate, DER, at most {@value WireLimits#CERTIFICATE_MAX} bytes
 * @param akPublic           the AK public area, TPM2B_PUBLIC, at most {@value WireLimits#TPM2B_PUBLIC_MAX} bytes
 * @param deviceId           the device's own id: required on CoAP, where no topic names the device
 *                           ({@link CoapPaths#requiresDeviceId}); optional on MQTT, where it must equal the topic's
 * @param ekCertificateChain intermediate CA certificates of the EK certificate, DER, any order, none up to
 *                           {@value WireLimits#EK_CHAIN_MAX_ENTRIES} of at most {@value WireLimits#CERTIFICATE_MAX}
 *                           bytes each and {@value WireLimits#EK_CHAIN_MAX_TOTAL} together; empty when absent on
 *                           the wire, and only with an {@code ekCertificate}
 */
public record AttestationBegin(ClientToken clientToken, byte[] ekPublic, Optional<byte[]> ekCertificate,
                               byte[] akPublic, Optional<DeviceId> deviceId, List<byte[]> ekCertificateChain)
        implements DeviceMessage {

    private static final String CHAIN = "ekCertificateChain";

    public AttestationBegin {
        Require.deviceToken("clientToken", clientToken);
        ekPublic = Require.bytes("ekPublic", ekPublic, WireLimits.TPM2B_PUBLIC_MAX);
        ekCertificate = Require.optionalBytes("ekCertificate", ekCertificate, WireLimits.CERTIFICATE_MAX);
        akPublic = Require.bytes("akPublic", akPublic, WireLimits.TPM2B_PUBLIC_MAX);
        Require.present("deviceId", deviceId);
        ekCertificateChain = Require.present(CHAIN, ekCertificateChain).isEmpty() ? List.of()
                : Require.byteList(CHAIN, ekCertificateChain, WireLimits.EK_CHAIN_MAX_ENTRIES, WireLimits.CERTIFICATE_MAX);
        long total = ekCertificateChain.stream().mapToLong(c -> c.length).sum();
        if (total > WireLimits.EK_CHAIN_MAX_TOTAL) {
            throw new ContractViolation(CHAIN, WireProblem.TOO_LONG,
                    total + " bytes together, at most " + WireLimits.EK_CHAIN_MAX_TOTAL);
        }
        if (!ekCertificateChain.isEmpty() && ekCertificate.isEmpty()) {
            throw new ContractViolation(CHAIN, WireProblem.INCONSISTENT, "present without ekCertificate");
        }
    }

    /** A begin without EK intermediates, as devices sent it before the chain existed. */
    public AttestationBegin(ClientToken clientToken, byte[] ekPublic, Optional<byte[]> ekCertificate, byte[] akPublic,
                            Optional<DeviceId> deviceId) {
        this(clientToken, ekPublic, ekCertificate, akPublic, deviceId, List.of());
    }

    /** A begin without a device id, as MQTT devices send it: the topic names the device. */
    public AttestationBegin(ClientToken clientToken, byte[] ekPublic, Optional<byte[]> ekCertificate, byte[] akPublic) {
        this(clientToken, ekPublic, ekCertificate, akPublic, Optional.empty(), List.of());
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
    public List<byte[]> ekCertificateChain() {
        return ekCertificateChain.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AttestationBegin other
                && clientToken.equals(other.clientToken)
                && Arrays.equals(ekPublic, other.ekPublic)
                && Require.equal(ekCertificate, other.ekCertificate)
                && Arrays.equals(akPublic, other.akPublic)
                && deviceId.equals(other.deviceId)
                && Require.equal(ekCertificateChain, other.ekCertificateChain);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, Arrays.hashCode(ekPublic), Require.hash(ekCertificate),
                Arrays.hashCode(akPublic), deviceId, Require.hash(ekCertificateChain));
    }

    @Override
    public String toString() {
        return "AttestationBegin[ekPublic=" + Require.size(ekPublic) + ", ekCertificate=" + Require.size(ekCertificate)
                + ", ekCertificateChain=" + ekCertificateChain.size() + " certificates, akPublic="
                + Require.size(akPublic) + ", deviceId=" + Require.id(deviceId) + "]";
    }
}
