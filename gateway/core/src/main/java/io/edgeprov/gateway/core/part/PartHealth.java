package io.edgeprov.gateway.core.part;

import java.util.Objects;

/**
 * One part's health as {@code /health} reports it.
 *
 * @param up whether the part is doing its job
 * @param detail a short, secret-free description (an address, a broker's state, why it is down)
 */
public record PartHealth(boolean up, String detail) {
    public PartHealth {
        Objects.requireNonNull(detail, "detail");
    }

    public static PartHealth up(String detail) {
        return new PartHealth(true, detail);
    }

    public static PartHealth down(String detail) {
        return new PartHealth(false, detail);
    }
}
