package io.edgeprov.gateway.mqtt.embedded;

/**
 * How many connections without a certificate the broker holds: from one source address, and in all.
 * Such a client has proved nothing yet, and each connection costs memory and an open file.
 *
 * @param perSource the most from one address (a factory line behind one NAT needs more than a home network)
 * @param total the most at once, far below the process's open-files limit
 */
public record UnenrolledLimits(int perSource, int total) {
    /** Defaults: 64 from one address, 5,000 in all. */
    public static final UnenrolledLimits DEFAULTS = new UnenrolledLimits(64, 5_000);

    public UnenrolledLimits {
        if (perSource < 1 || total < 1 || perSource > total) {
            throw new IllegalArgumentException("unenrolled connection limits need 1 <= perSource <= total, got "
                    + perSource + " and " + total);
        }
    }
}
