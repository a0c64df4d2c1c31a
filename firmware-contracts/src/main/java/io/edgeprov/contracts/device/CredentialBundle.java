package io.edgeprov.contracts.device;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Gateway to device, reply to a finish or a renewal: the device certificate and the CA chain.
 *
 * @param clientToken echoed from the request
 * @param certificate the device certificate, DER, at most {@value WireLimits#CERTIFICATE_MAX} bytes
 * @param chain       1..{@value WireLimits#CHAIN_MAX_ENTRIES} CA certificates, DER, the issuing CA
 *                    first and each next entry the issuer of the one before
 * @param notAfter    the certificate's notAfter (whole seconds)
 * @param renewAfter  when the device should start renewing; never after {@code notAfter}
 */
public record CredentialBundle(ClientToken clientToken, byte[] certificate, List<byte[]> chain, Instant notAfter,
                               Instant renewAfter) implements DeviceMessage {

    public CredentialBundle {
        Require.deviceToken("clientToken", clientToken);
        certificate = Require.bytes("certificate", certificate, WireLimits.CERTIFICATE_MAX);
        chain = Require.byteList("chain", chain, WireLimits.CHAIN_MAX_ENTRIES, WireLimits.CERTIFICATE_MAX);
        notAfter = Require.epochSeconds("notAfter", notAfter);
        renewAfter = Require.epochSeconds("renewAfter", renewAfter);
        if (renewAfter.isAfter(notAfter)) {
            throw new ContractViolation("renewAfter", WireProblem.INCONSISTENT, "is later than notAfter");
        }
    }

    @Override
    public MessageType type() {
        return MessageType.CREDENTIAL_BUNDLE;
    }

    @Override
    public byte[] certificate() {
        return certificate.clone();
    }

    @Override
    public List<byte[]> chain() {
        return chain.stream().map(byte[]::clone).toList();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CredentialBundle other
                && clientToken.equals(other.clientToken)
                && Arrays.equals(certificate, other.certificate)
                && Require.equal(chain, other.chain)
                && notAfter.equals(other.notAfter)
                && renewAfter.equals(other.renewAfter);
    }

    @Override
    public int hashCode() {
        return Objects.hash(clientToken, Arrays.hashCode(certificate), Require.hash(chain), notAfter, renewAfter);
    }

    @Override
    public String toString() {
        return "CredentialBundle[certificate=" + Require.size(certificate) + ", chain=" + chain.size()
                + " certificates, notAfter=" + notAfter + ", renewAfter=" + renewAfter + "]";
    }
}
