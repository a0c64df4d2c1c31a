package io.edgeprov.gateway.sync;

import java.util.Objects;

/** A page or event refused, with the refusal's kind and a precise reason that never quotes key material. */
public final class FleetEventException extends Exception {
    private static final long serialVersionUID = 1L;
    private final FleetEventRefusal refusal;

    public FleetEventException(FleetEventRefusal refusal, String message) {
        super(message);
        this.refusal = Objects.requireNonNull(refusal, "refusal");
    }

    public FleetEventRefusal refusal() {
        return refusal;
    }
}
