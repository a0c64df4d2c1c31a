package io.edgeprov.contracts.device;

import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * Device to gateway over its authenticated channel (mTLS or DTLS with the current certificate):
 * a CSR for the same TPM key, or for a new TPM key certified by the AK. On the wire the new
 * key's three fields sit at the top level next to {@code csr}, all three or none.
 *
 * @param clientToken echoed in the reply
 * @param csr         PKCS#10 DER, at most {@value WireLimits#CSR_MAX} bytes
 * @param newKey      present when the device rotates to a new TPM key
 */
public record RenewRequest(ClientToken clientToken, byte[] csr, Optional<NewDeviceKey> newKey)
        implements DeviceMessage {

    public RenewRequest {
        Require.deviceToken("clientToken", clientToken);
        csr = Require.bytes("csr", csr, WireLimits.CSR_MAX);
        Require.present("newKey", newKey);
    }

    @Override
    public MessageType type() {
        return MessageType.RENEW_REQUEST;
    }

    @Override
    public byte[] csr() {
        return csr.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RenewRequest other
                && clientToken.equals(other.clientToken)
                && Arrays.equals(csr, other.csr)
                && newKey.equals(other.newKey);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, Arrays.hashCode(csr), newKey);
    }

    @Override
    public String toString() {
        return "RenewRequest[csr=" + Require.size(csr) + ", newKey=" + newKey.map(NewDeviceKey::toString).orElse("absent")
                + "]";
    }
}
