package io.edgeprov.gateway.core.part;

/**
 * A front end or background job of a running gateway (embedded MQTT, external MQTT, CRL upkeep, and
 * later CoAP, the admin plane, upstream sync): the composition root chooses parts by configuration,
 * starts them in order once the core is built, reports each one's health on {@code /health}, and stops
 * them in reverse order. A part gets its executors injected and owns no thread pool it did not make
 * for its own library (a broker's event loops).
 */
public interface GatewayPart {

    /** A fixed lower-case word naming the part in {@code /health} and in log lines. */
    String name();

    /** Starts the part; a part starts once. On failure it has released whatever it had opened. */
    void start() throws PartStartException;

    /** Whether the part is doing its job now; cheap, called on every {@code /health} request. */
    PartHealth health();

    /** Stops the part; safe to call twice and after a failed start. */
    void stop();
}
