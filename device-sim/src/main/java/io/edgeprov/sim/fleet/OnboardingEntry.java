package io.edgeprov.sim.fleet;

import io.edgeprov.contracts.device.DeviceId;
import java.util.HexFormat;
import java.util.Objects;

/**
 * One individual enrollment as the gateway imports it: the device id and the SHA-256 of its EK
 * public area, 64 lowercase hex digits.
 */
public record OnboardingEntry(DeviceId deviceId, String ekSha256) {
    public OnboardingEntry {
        Objects.requireNonNull(deviceId, "deviceId");
        Objects.requireNonNull(ekSha256, "ekSha256");
        if (ekSha256.length() != 64 || !ekSha256.chars().allMatch(c -> c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
            throw new IllegalArgumentException("ekSha256: must be 64 lowercase hex digits");
        }
    }

    public byte[] ekSha256Bytes() {
        return HexFormat.of().parseHex(ekSha256);
    }
}
