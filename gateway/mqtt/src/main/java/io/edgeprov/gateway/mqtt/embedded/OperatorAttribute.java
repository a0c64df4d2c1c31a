package io.edgeprov.gateway.mqtt.embedded;

/**
 * Marks a connection the {@link io.edgeprov.gateway.core.operator.OperatorPlane} admitted, in its own attribute store: the
 * operator id. A connection without it is a device's (or an unenrolled client's) and never reaches the plane.
 */
final class OperatorAttribute {
    static final String KEY = "io.edgeprov.operator";

    private OperatorAttribute() {
    }
}
