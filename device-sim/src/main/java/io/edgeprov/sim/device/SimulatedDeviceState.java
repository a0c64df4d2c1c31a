package io.edgeprov.sim.device;

/** Where a simulated device is in its life. */
public enum SimulatedDeviceState {
    /** Built, nothing sent yet. */
    NEW,
    /** Running attestation (begin, challenge, finish) on a certificate-less connection. */
    ATTESTING,
    /** Holds a valid certificate and is connected with it. */
    ENROLLED,
    /** A renewal request is in flight. */
    RENEWING,
    /** The connection dropped; reconnecting with backoff. */
    RECONNECTING,
    /** Gave up: refused for good, revoked, or out of retries. */
    FAILED,
    /** Stopped by its owner. */
    STOPPED
}
