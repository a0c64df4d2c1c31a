package io.edgeprov.contracts.device;

import java.util.Optional;

/**
 * A device's id: the one place its rules live. 1..64 characters, a letter or digit first, then
 * letters, digits, {@code . _ -}. So MQTT wildcards {@code + #}, the level separator {@code /}
 * and {@code .}/{@code ..} levels can never appear in a topic built from it. The id {@code ca}
 * is reserved because {@code prov/v1/ca/...} carries the CA certificates and the CRL.
 */
public record DeviceId(String value) {

    /** The id that would collide with the {@code prov/v1/ca/...} topics. */
    public static final String RESERVED_CA = "ca";

    private static final String FIRST = "AZaz09";
    private static final String REST = "AZaz09..__--";

    public DeviceId {
        Require.identifier("deviceId", value, FIRST, REST);
        if (RESERVED_CA.equals(value)) {
            throw new ContractViolation("deviceId", WireProblem.RESERVED, "'ca' names the CA topics");
        }
    }

    /** Parses without throwing: the reason is in the returned violation. */
    public static Optional<ContractViolation> check(String candidate) {
        try {
            new DeviceId(candidate);
            return Optional.empty();
        } catch (ContractViolation violation) {
            return Optional.of(violation);
        }
    }

    @Override
    public String toString() {
        return value;
    }
}
