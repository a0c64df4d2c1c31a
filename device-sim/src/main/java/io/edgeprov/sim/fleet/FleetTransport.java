package io.edgeprov.sim.fleet;

import java.util.Locale;

/** Which transport a fleet's devices speak: all MQTT, all CoAP, or a mix. */
public enum FleetTransport {
    /** MQTT 5 over TLS, JSON bodies. */
    MQTT,
    /** CoAP over DTLS 1.2 (EST-coaps), CBOR bodies. */
    COAP,
    /** Every other device on CoAP, starting with MQTT for the first. */
    MIXED;

    /** The transport of the device at {@code index} (0-based) in the fleet. */
    public FleetTransport forDevice(int index) {
        return switch (this) {
            case MQTT, COAP -> this;
            case MIXED -> index % 2 == 0 ? MQTT : COAP;
        };
    }

    /** Whether some device of the fleet uses {@code transport}. */
    public boolean uses(FleetTransport transport) {
        return this == transport || this == MIXED && transport != MIXED;
    }

    /** {@code mqtt}, {@code coap} or {@code mixed}, any case. */
    public static FleetTransport parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("transport: expected mqtt, coap or mixed, got " + value);
        }
    }

    @Override
    public String toString() {
        return name().toLowerCase(Locale.ROOT);
    }
}
